import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAnswer as discordAnswer } from '../../src/adapters/discord/render.js';
import { renderAnswer as slackAnswer } from '../../src/adapters/slack/blocks.js';
import { TerminalBot } from '../../src/adapters/terminal/terminal-bot.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import { takeInlineFilters } from '../../src/core/filters.js';
import { createPipeline } from '../../src/pipeline/pipeline.js';
import { testServices } from '../support/services.js';

/** What a new user met in the terminal and the ask script, each now worded to fit. */

let answers: AnswerService;
beforeAll(async () => {
  answers = new AnswerService(await openArchive({ dataDir: 'data/articles', cacheFile: false }));
});

/** The terminal bot fed these lines (no alert store, as `npm start` without one); everything it printed. */
async function session(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d) => {
    printed += d;
  });
  const bot = new TerminalBot({
    pipeline: createPipeline(testServices(answers)),
    input,
    output,
    interactive: false,
    color: false,
  });
  const done = bot.run();
  input.end(`${lines.join('\n')}\n`);
  await done;
  return printed;
}

describe('a new user in the terminal', () => {
  it('/trend prints each count once after its label, not the span again', async () => {
    const out = await session(['/trend Xiaomi']);
    expect(out).toContain('8 passages in 2 articles, 2025-11 · peak 2025-11 (8)');
    expect(out).toContain('Per month: 2025-11 8');
    expect(out).not.toContain('2025-11: 2025-11');
  });

  it('/more after a question that found nothing says there is nothing more, not "ask first"', async () => {
    const out = await session(['zyzzyvaquux flibbertigibbet', '/more']);
    expect(out).toContain('There is nothing more to show for your last question.');
    expect(out).not.toContain('Ask a question first');
    expect(await session(['/more'])).toContain('Ask a question first');
  });

  it('/alert list and remove without a state store say there are none, not "nothing to add"', async () => {
    const out = (await session(['/alert list', '/alert remove 1', '/alert add Xiaomi'])).replace(/\s+/g, ' ');
    expect(out).toContain('so there are none to list.');
    expect(out).toContain('so there are none to remove.');
    expect(out).toContain('so none can be added.');
    expect(out).not.toContain('nothing to add');
  });

  it('an unclosed quote in source: takes the rest as the publisher, without the stray quote', async () => {
    expect(takeInlineFilters('Xiaomi phones source:"Unknown')).toEqual({
      question: 'Xiaomi phones',
      filters: { source: 'Unknown' },
    });
    expect(takeInlineFilters('phones source:“Korea Herald after:2025-01-01')).toEqual({
      question: 'phones',
      filters: { source: 'Korea Herald', from: '2025-01-01' },
    });
    const out = (
      await session(['Xiaomi phones source:"Unknown', 'Xiaomi phones source:"Nobody Press'])
    ).replace(/\s+/g, ' ');
    expect(out).toMatch(/passages match; showing 1–3 · from Unknown\b/);
    expect(out).toContain('from Nobody Press answers that');
    expect(out).not.toContain('"Unknown');
    expect(out).not.toContain('"Nobody');
  });
});

describe('an offset past the passages that match', () => {
  it('says how many match, on every renderer', async () => {
    const answer = await answers.ask('Xiaomi', { offset: 1000 });
    expect(answer.total).toBe(8);
    const said = 'Only 8 passages match that, so there are none from number 1001 on.';
    expect(JSON.stringify(discordAnswer(answer))).toContain(said);
    expect(slackAnswer(answer).text).toContain(said);
    expect(JSON.stringify(discordAnswer(answer))).not.toContain('Nothing in the archive');
  });

  it('in `npm run ask -- --offset 1000 Xiaomi`', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      INDEX_CACHE: 'off',
      NO_COLOR: '1',
    };
    const { stdout } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'ask', '--', '--offset', '1000', 'Xiaomi'],
      { env, timeout: 60_000 },
    );
    expect(stdout).toContain('Only 8 passages match that, so there are none from number 1001 on.');
    expect(stdout).not.toContain('Nothing in the archive answers that');
  });
});
