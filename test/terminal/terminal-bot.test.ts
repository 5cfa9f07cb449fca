import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAnswer } from '../../src/adapters/terminal/render.js';
import { TerminalBot } from '../../src/adapters/terminal/terminal-bot.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import { createPipeline } from '../../src/pipeline/pipeline.js';
import { testServices } from '../support/services.js';

let answers: AnswerService;
beforeAll(async () => {
  answers = new AnswerService(await openArchive({ dataDir: 'data/articles', cacheFile: false }));
});

/** Drives the bot through its streams, as a person at a pipe would; returns everything it printed. */
async function session(
  lines: string[],
  opts: { color?: boolean; columns?: number; interactive?: boolean } = {},
): Promise<string> {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), opts.columns ? { columns: opts.columns } : {});
  let printed = '';
  output.on('data', (d) => {
    printed += d;
  });
  const bot = new TerminalBot({
    pipeline: createPipeline(testServices(answers)),
    input,
    output,
    interactive: opts.interactive ?? false,
    color: opts.color ?? false,
  });
  const done = bot.run();
  input.end(lines.length ? `${lines.join('\n')}\n` : '');
  await done;
  return printed;
}

describe('terminal bot', () => {
  it('answers a plain line with the passage and its source', async () => {
    const out = await session(['What phones did Xi give Lee?']);
    expect(out).toMatch(/Xiaomi smartphones/);
    expect(out).toMatch(/Xi Jinping's espionage joke/);
    expect(out).toMatch(/Unknown publisher · 1 Nov 2025/);
    expect(out).toMatch(/paragraph \d+ of \d+/);
    expect(out.includes('\x1b[')).toBe(false); // no colours when not asked for
  });

  it('runs commands, pages with /more, and stops at /quit', async () => {
    const out = await session(['/ask Xiaomi phones', '/more', '/help', '/about', '/quit', 'never answered']);
    expect(out).toMatch(/showing 1–3/);
    expect(out).toMatch(/showing 4–6/);
    expect(out).toMatch(/\/ask <question> \[private\]/);
    expect(out).toMatch(/\/onthisday/);
    expect(out).toMatch(/2 articles, 1 Nov 2025 to 1 Nov 2025; 44 passages/);
    expect(out).not.toMatch(/never answered/);
  });

  it('shows on-this-day, articles, and clear errors', async () => {
    const out = await session([
      '/onthisday 2026-11-01',
      '/onthisday 2026-13-01',
      '/article backdoor',
      '/article Xi',
      '/nope',
      'recipe for kimchi stew',
    ]);
    expect(out).toMatch(/On this day, 1 Nov/);
    expect(out).toMatch(/Published 1 Nov 2025 · 1 year ago/);
    expect(out).toMatch(/"2026-13-01" is not a date/);
    expect(out).toMatch(/Xi jokes 'You can check if there's a backdoor'/);
    expect(out).toMatch(/No single article matches “Xi”[\s\S]*Did you mean/);
    expect(out).toMatch(/\/nope is not a command I know/);
    expect(out).toMatch(/Nothing in the archive answers that/);
  });

  it('highlights matched words in colour', async () => {
    const out = await session(['backdoor'], { color: true });
    expect(out).toContain('\x1b[1m\x1b[33mbackdoor');
  });

  it('never passes escape sequences from article text to the terminal', () => {
    const hit = answers.ask('backdoor').passages[0];
    if (!hit) throw new Error('no answer');
    const evil = { ...hit, text: `\x1b[2J\x1b]0;pwned\x07${hit.text}`, highlights: [] };
    const answer = { ...answers.ask('backdoor'), passages: [evil] };
    const out = renderAnswer(answer, { color: false, width: 80 });
    expect(out.includes('\x1b') || out.includes('\x07')).toBe(false);
  });

  it('wraps /help at words within an 80-column window, nothing cut mid-word', async () => {
    const printed = await session(['/help'], { columns: 80 });
    const lines = printed.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    // Every word of every description is there whole.
    for (const c of testServices(answers).commands) {
      for (const word of c.description.split(/\s+/)) expect(printed).toContain(word);
    }
    expect(printed).toMatch(/\/onthisday subscribe \[time\] \[timezone\]/);
  });

  it('completes /article titles after what was typed, keeping every typed character', async () => {
    const bot = new TerminalBot({
      pipeline: createPipeline(testServices(answers)),
      input: new PassThrough(),
      output: new PassThrough(),
      interactive: false,
    });
    const [titles, on] = await bot.complete('/article xi j');
    expect(on).toBe('/article xi j');
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(t.startsWith('/article xi j')).toBe(true);
    expect(await bot.complete('/ab')).toEqual([['/about'], '/ab']);
  });

  it('/more past the last page says that was everything, not "nothing answers"', async () => {
    const out = await session(['Xiaomi phones', ...Array.from({ length: 30 }, () => '/more')]);
    expect(out).toMatch(/That was everything the archive has on this\./);
    expect(out).not.toMatch(/Nothing in the archive answers that/);
  });

  it('ends an interactive session (Ctrl-D) on a fresh line', async () => {
    const printed = await session([], { interactive: true });
    expect(printed).toContain('archivist> ');
    expect(printed.endsWith('\n')).toBe(true);
  });

  it('takes inline filters in a typed question', async () => {
    const out = await session([
      'What phones did Xi give Lee? after:2026-01-01',
      'Xiaomi phones source:"Unknown publisher"',
    ]);
    expect(out).toMatch(/Nothing in the archive since 2026-01-01 answers that/);
    expect(out).toMatch(/from Unknown publisher/);
  });
});
