import type { Writable } from 'node:stream';
import type { AlertPoster } from '../../core/alert-state.js';
import { alertHeading, burstMore } from '../shared/alert-text.js';
import { humanDate, sourceDetails, trimAtSentence } from '../shared/text.js';
import { sanitize } from './render.js';

/** The terminal's alert posts: printed between answers, plain text (article text sanitised). */
export function terminalAlertPoster(output: Writable): AlertPoster {
  return async (target, post) => {
    if (target.platform !== 'terminal') throw new Error(`no ${target.platform} in the terminal bot`);
    const lines = [`🔔 ${sanitize(alertHeading(post))}`];
    if (post.kind === 'article') {
      const s = post.hit.source;
      lines.push(
        `   ${sanitize(s.title)}`,
        `   ${sanitize(sourceDetails(s))}`,
        ...(s.url ? [`   ${sanitize(s.url)}`] : []),
        '',
        `   ${sanitize(trimAtSentence(post.hit.text.replace(/\s+/g, ' '), 600))}`,
      );
    } else {
      for (const s of post.top) {
        lines.push(`   • ${sanitize(s.title)} — ${sanitize(`${s.publisher} · ${humanDate(s.date)}`)}`);
        if (s.url) lines.push(`     ${sanitize(s.url)}`);
      }
      lines.push(`   ${sanitize(burstMore(post))}`);
    }
    output.write(`\n${lines.join('\n')}\n\n`);
  };
}
