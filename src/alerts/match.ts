import type { AskOptions } from '../core/answer-service.js';
import type { Clock } from '../core/clock.js';
import { type AskFilters, checkFilters, takeInlineFilters } from '../core/filters.js';
import type { Answer, PassageHit } from '../core/types.js';

/** What alerts ask of the archive (the answers port fits); `ask` is awaited, in-process or not. */
export interface AlertAnswers {
  readonly clock: Clock;
  readonly maxQuestionChars: number;
  ask(question: string, options?: AskOptions): Answer | Promise<Answer>;
  /** Slugs of the articles held now. */
  slugs(): string[];
}

/** Passages per page when collecting which articles match (the service's largest page). */
const PAGE = 25;

/** An alert's search as /ask reads it: the question and its inline filters (`source:`, `after:`…). */
export function alertQuery(search: string): { question: string; filters: AskFilters } {
  const { question, filters } = takeInlineFilters(search);
  return { question, filters: checkFilters(filters) };
}

/**
 * Which of `slugs` the search matches, asked of the answer service exactly as /ask asks (same analysis,
 * same relevance gate), restricted to those articles: each matching article with its first passage found.
 */
export async function matchArticles(
  answers: AlertAnswers,
  search: string,
  slugs: readonly string[],
): Promise<Map<string, PassageHit>> {
  const found = new Map<string, PassageHit>();
  if (slugs.length === 0) return found;
  const { question, filters } = alertQuery(search);
  for (let offset = 0; ; offset += PAGE) {
    const answer = await answers.ask(question, {
      filters: { ...filters, articles: slugs },
      limit: PAGE,
      offset,
    });
    for (const p of answer.passages) if (!found.has(p.source.slug)) found.set(p.source.slug, p);
    if (found.size === slugs.length || answer.passages.length === 0 || offset + PAGE >= answer.total) break;
  }
  return found;
}

/** The article's best passage for the search, re-ranked as /ask ranks its first page. */
export async function bestPassage(
  answers: AlertAnswers,
  search: string,
  slug: string,
): Promise<PassageHit | undefined> {
  const { question, filters } = alertQuery(search);
  const answer = await answers.ask(question, { filters: { ...filters, articles: [slug] }, limit: 1 });
  return answer.passages[0];
}
