import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import type { AnswerSessionStore } from '../../src/core/sessions.js';
import type { Outgoing, Surface } from '../../src/pipeline/events.js';
import { createPipeline } from '../../src/pipeline/pipeline.js';
import { testServices } from '../support/services.js';

let answers: AnswerService;
beforeAll(async () => {
  answers = new AnswerService(await openArchive({ dataDir: 'data/articles', cacheFile: false }));
});

async function ask(sessions: AnswerSessionStore) {
  const replies: Outgoing[] = [];
  const notices: string[] = [];
  const surface: Surface = {
    defaultVisibility: 'public',
    reply: async (out) => void replies.push(out),
    replyPrivately: async (_tone, text) => void notices.push(text),
    refuse: async () => {},
  };
  const pipeline = createPipeline(testServices(answers, { sessions }));
  const started = performance.now();
  await pipeline.handle(
    {
      platform: 'discord',
      ref: 'r1',
      user: { id: 'U1', canManageChannel: false },
      channel: { id: 'C1' },
      trigger: { kind: 'text', text: 'What phones did Xi give Lee?' },
    },
    surface,
  );
  return { replies, notices, ms: performance.now() - started };
}

describe('answer sessions on the answering path', () => {
  it('a store that refuses the session still gets the answer out, without buttons', async () => {
    const { replies, notices } = await ask({
      saveSession: async () => {
        throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
      },
      getSession: async () => undefined,
      pruneSessions: async () => 0,
    });
    expect(notices).toEqual([]);
    expect(replies.map((r) => r.result.kind)).toEqual(['answer']);
    expect(replies[0]?.sessionId).toBeUndefined();
  });

  it('a store that hangs delays the answer by a moment only', async () => {
    const { replies, ms } = await ask({
      saveSession: () => new Promise(() => {}),
      getSession: async () => undefined,
      pruneSessions: async () => 0,
    });
    expect(replies.map((r) => r.result.kind)).toEqual(['answer']);
    expect(replies[0]?.sessionId).toBeUndefined();
    expect(ms).toBeLessThan(800);
  });
});
