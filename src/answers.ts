import type { Config } from './config/index.js';
import { AnswerService } from './core/answer-service.js';
import { openArchive } from './core/archive.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './logger.js';

/** Builds the answer service from config: loads the articles, reports broken files, loads or builds the index. */
export async function createAnswerService(
  config: Config,
  logger: Logger,
  clock?: Clock,
): Promise<AnswerService> {
  const archive = await openArchive({
    dataDir: config.dataDir,
    cacheFile: config.indexCache,
    maxArticleBytes: config.maxArticleBytes,
  });
  for (const p of archive.problems) {
    logger.warn({ file: p.path, line: p.line }, `skipped ${p.path}:${p.line}: ${p.message}`);
  }
  logger.info(
    {
      articles: archive.articles.size,
      passages: archive.passages.size,
      index: archive.build.source,
      ms: Math.round(archive.build.ms),
    },
    'archive ready',
  );
  return new AnswerService(archive, {
    maxQuestionChars: config.maxQuestionChars,
    defaultLimit: config.resultsPerPage,
    ...(clock ? { clock } : {}),
  });
}
