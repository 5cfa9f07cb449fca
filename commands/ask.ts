import type { Command } from '../src/core/command.js';
import { ArchivistError } from '../src/core/errors.js';
import { type AskFilters, checkFilters, takeInlineFilters } from '../src/core/filters.js';

export default {
  name: 'ask',
  description: 'Ask the archive a question; get the passages that answer it, with their source',
  question: true,
  contextMenu: { name: 'Find in archive', option: 'question' },
  options: [
    {
      name: 'question',
      description: 'What you want to know',
      type: 'string',
      required: true,
      // The largest MAX_QUESTION_CHARS allowed: the configured limit is enforced by the answer
      // service (with a message naming it), so no setting is cut short by the platform's own input cap.
      maxLength: 4000,
    },
    { name: 'private', description: 'Show the answer only to you', type: 'boolean' },
    {
      name: 'from',
      description: 'Only articles published on or after this day (YYYY-MM-DD)',
      type: 'string',
      maxLength: 10,
    },
    {
      name: 'to',
      description: 'Only articles published on or before this day (YYYY-MM-DD)',
      type: 'string',
      maxLength: 10,
    },
    {
      name: 'source',
      description: 'Only articles from this publisher',
      type: 'string',
      maxLength: 100,
      autocomplete: async (partial, { answers }) =>
        (await answers.sources(partial, 25)).map((s) => ({ name: s, value: s })),
    },
  ],
  async handler({ options }, { answers }) {
    // Typed filters (`after:2025-01-01 source:"Korea Herald"`) work where there are no option fields.
    const inline = takeInlineFilters(String(options.question ?? ''));
    const text = (v: unknown) => (typeof v === 'string' ? v.replace(/^["“]|["”]$/g, '').trim() : undefined);
    let filters: AskFilters;
    try {
      filters = checkFilters({
        ...inline.filters,
        ...(text(options.from) ? { from: text(options.from) } : {}),
        ...(text(options.to) ? { to: text(options.to) } : {}),
        ...(text(options.source) ? { source: text(options.source) } : {}),
      });
    } catch (err) {
      if (err instanceof ArchivistError && err.code === 'INPUT_INVALID') {
        return { kind: 'notice', tone: 'error', text: err.message.replace(/^archivist: /, '') };
      }
      throw err;
    }
    // `context` is not a user option: the pipeline adds a thread's earlier question to a follow-up.
    const context = typeof options.context === 'string' ? options.context : undefined;
    const answer = await answers.ask(inline.question, { filters, ...(context ? { context } : {}) });
    return {
      kind: 'answer',
      answer,
      ...(options.private !== undefined ? { private: Boolean(options.private) } : {}),
    };
  },
} satisfies Command;
