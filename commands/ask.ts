import type { Command } from '../src/core/command.js';

export default {
  name: 'ask',
  description: 'Ask the archive a question; get the passages that answer it, with their source',
  options: [
    {
      name: 'question',
      description: 'What you want to know',
      type: 'string',
      required: true,
      maxLength: 500,
    },
    { name: 'private', description: 'Show the answer only to you', type: 'boolean' },
  ],
  handler({ options }, { answers }) {
    const answer = answers.ask(String(options.question ?? ''));
    return {
      kind: 'answer',
      answer,
      ...(options.private !== undefined ? { private: Boolean(options.private) } : {}),
    };
  },
} satisfies Command;
