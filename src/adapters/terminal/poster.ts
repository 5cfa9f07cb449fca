import type { Writable } from 'node:stream';
import type { DailyPoster } from '../../core/daily/deliver.js';
import { renderResult } from './render.js';

/** The terminal's own "channel": the daily post is printed between answers. */
export function terminalPoster(output: Writable, color: boolean): DailyPoster {
  return async (target, result) => {
    if (target.platform !== 'terminal') throw new Error(`no ${target.platform} in the terminal bot`);
    const width = Math.min(Math.max((output as { columns?: number }).columns ?? 88, 40), 100);
    output.write(`\n${renderResult({ kind: 'onthisday', result }, { color, width })}\n\n`);
  };
}
