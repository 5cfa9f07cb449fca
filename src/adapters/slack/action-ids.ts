/**
 * Button action ids and values. Values carry an answer-session id and the offset of the page shown,
 * never the question itself (values are visible in payloads and limited in size).
 */
export const ACTION = {
  share: 'archivist_share',
  more: 'archivist_more',
  voteUp: 'archivist_vote_up',
  voteDown: 'archivist_vote_down',
  /** Article candidates: `archivist_article_<n>` (action ids must be unique within a message). */
  article: 'archivist_article',
} as const;

export function buttonValue(sessionId: string, offset: number): string {
  return `${sessionId}:${offset}`;
}

export function parseButtonValue(
  value: string | undefined,
): { sessionId: string; offset: number } | undefined {
  const m = /^([\w-]{1,64}):(\d{1,6})$/.exec(value ?? '');
  if (!m?.[1] || !m[2]) return undefined;
  return { sessionId: m[1], offset: Number(m[2]) };
}
