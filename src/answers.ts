import type { Config } from './config/index.js';
import { AnswerService } from './core/answer-service.js';
import { type Answers, InProcessAnswers } from './core/answers-port.js';
import { openArchive } from './core/archive.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './logger.js';
import { ShardedAnswers } from './search/sharded-answers.js';

/**
 * Builds the answers from config: loads the articles, reports broken files, loads or builds the index,
 * in SEARCH_WORKERS worker threads (one index shard each) or, with 0, on this thread.
 */
export async function createAnswers(config: Config, logger: Logger, clock?: Clock): Promise<Answers> {
  const started = performance.now();
  const answers =
    config.searchWorkers > 0
      ? await ShardedAnswers.open({
          dataDir: config.dataDir,
          shards: config.searchWorkers,
          cacheFile: config.indexCache,
          maxArticleBytes: config.maxArticleBytes,
          maxQuestionChars: config.maxQuestionChars,
          defaultLimit: config.resultsPerPage,
          ...(clock ? { clock } : {}),
          onShardEvent: (e) => {
            if (e.type === 'restarted')
              logger.info({ shard: e.shard, ms: Math.round(e.ms) }, 'search shard restarted');
            else logger.error({ shard: e.shard, err: e.error }, `search shard ${e.type}`);
          },
        })
      : await inProcess(config, clock);
  for (const p of answers.problems()) {
    logger.warn({ file: p.path, line: p.line }, `skipped ${p.path}:${p.line}: ${p.message}`);
  }
  const stats = await answers.stats();
  if (stats.index.rebuilt === 'damaged')
    logger.warn(
      { file: config.indexCache },
      'the saved index could not be read; rebuilt it from the articles',
    );
  logger.info(
    {
      articles: stats.articles,
      passages: stats.passages,
      index: stats.index.source,
      ...(stats.index.rebuilt ? { rebuilt: stats.index.rebuilt } : {}),
      shards: config.searchWorkers,
      ms: Math.round(performance.now() - started),
    },
    'archive ready',
  );
  return answers;
}

async function inProcess(config: Config, clock?: Clock): Promise<InProcessAnswers> {
  const archive = await openArchive({
    dataDir: config.dataDir,
    cacheFile: config.indexCache,
    maxArticleBytes: config.maxArticleBytes,
  });
  return new InProcessAnswers(
    new AnswerService(archive, {
      maxQuestionChars: config.maxQuestionChars,
      defaultLimit: config.resultsPerPage,
      ...(clock ? { clock } : {}),
    }),
  );
}
