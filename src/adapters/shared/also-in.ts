import type { PassageHit } from '../../core/types.js';

const MAX_NAMES = 3;
const MAX_NAME_CHARS = 40;

/**
 * "Also in: Reuters, AP": the other publishers of a passage folded into this one as the same story, as
 * plain text (each adapter escapes it); undefined when there are none. At most three names, then a count.
 */
export function alsoInText(hit: Pick<PassageHit, 'alsoIn' | 'source'>): string | undefined {
  const names = [...new Set((hit.alsoIn ?? []).map((s) => s.publisher.trim()))].filter(
    (p) => p && p !== hit.source.publisher,
  );
  const shown = (names.length ? names : (hit.alsoIn ?? []).map((s) => s.title)).map((n) =>
    n.length > MAX_NAME_CHARS ? `${n.slice(0, MAX_NAME_CHARS - 1)}…` : n,
  );
  if (shown.length === 0) return undefined;
  const more = shown.length > MAX_NAMES ? ` and ${shown.length - MAX_NAMES} more` : '';
  return `Also in: ${shown.slice(0, MAX_NAMES).join(', ')}${more}`;
}
