import type { Command } from '../src/core/command.js';

export default {
  name: 'article',
  description: 'Show one article: its source, date and sections',
  options: [
    {
      name: 'title',
      description: 'Title (or part of it) of the article',
      type: 'string',
      required: true,
      maxLength: 200,
      autocomplete: async (partial, { answers }) =>
        (await answers.completeTitles(partial, 25)).map((a) => ({ name: a.title, value: a.slug })),
    },
  ],
  async handler({ options }, { answers }) {
    const query = String(options.title ?? '').trim();
    const article = query ? await answers.article(query) : undefined;
    const candidates = article
      ? []
      : (await answers.completeTitles(query, 5)).map(({ slug, title }) => ({ slug, title }));
    return { kind: 'article', query, ...(article ? { article } : {}), candidates };
  },
} satisfies Command;
