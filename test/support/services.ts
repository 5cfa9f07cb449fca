import { Writable } from 'node:stream';
import { commands as allCommands } from '../../commands/index.js';
import type { PlatformDeps } from '../../src/adapters/platform.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { type Answers, InProcessAnswers } from '../../src/core/answers-port.js';
import { MemoryEventLedger } from '../../src/core/memory-events.js';
import { MemorySessionStore } from '../../src/core/memory-sessions.js';
import { InFlight } from '../../src/lifecycle/inflight.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createPipeline } from '../../src/pipeline/pipeline.js';
import type { Services } from '../../src/services.js';

/** A logger that writes nothing, for tests that do not read the log. */
export function silentLogger(): Logger {
  return createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
}

/**
 * The services main.ts builds, for tests: the given answer service and config, the real commands,
 * sessions in memory, and whatever the test adds (metrics, a rate limiter, a state store…).
 */
export function testServices(
  service: AnswerService | Answers,
  over: Partial<Services> & { config?: Config } = {},
): Services {
  const answers = asAnswers(service);
  return {
    config: over.config ?? loadConfig({ dotenvDir: false, env: { INDEX_CACHE: 'off' } }),
    logger: over.logger ?? silentLogger(),
    clock: over.clock ?? answers.clock,
    answers,
    commands: over.commands ?? allCommands,
    sessions: over.sessions ?? new MemorySessionStore(),
    events: over.events ?? new MemoryEventLedger(),
    inflight: over.inflight ?? new InFlight(),
    ...over,
  };
}

/** The port over an answer service on this thread (tests build an AnswerService over an archive). */
export function asAnswers(service: AnswerService | Answers): Answers {
  return service instanceof AnswerService ? new InProcessAnswers(service) : service;
}

/** Services plus the one pipeline over them: what a platform adapter is started with. */
export function platformDeps(services: Services): PlatformDeps {
  return { services, pipeline: createPipeline(services) };
}
