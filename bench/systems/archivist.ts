import { AnswerService } from '../../src/core/answer-service.js';
import { type Archive, buildIndex, openArchive } from '../../src/core/archive.js';
import type { System } from './types.js';

export { buildIndex, openArchive };

/** Archivist as users meet it: the full AnswerService.ask (search, coverage filter, rerank, highlights). */
export function archivistSystem(archive: Archive): System {
  const answers = new AnswerService(archive);
  // `await`: the answer may come from a worker thread.
  return {
    name: 'Archivist',
    ask: async (q, k = 10) => (await answers.ask(q, { limit: k })).passages.map((p) => p.id),
  };
}
