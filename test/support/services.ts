import { Writable } from 'node:stream';
import { commands as allCommands } from '../../commands/index.js';
import type { PlatformDeps } from '../../src/adapters/platform.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import type { AnswerService } from '../../src/core/answer-service.js';
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
  answers: AnswerService,
  over: Partial<Services> & { config?: Config } = {},
): Services {
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

/** Services plus the one pipeline over them: what a platform adapter is started with. */
export function platformDeps(services: Services): PlatformDeps {
  return { services, pipeline: createPipeline(services) };
}
