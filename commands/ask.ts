import type { Command } from '../src/core/command.js';

export default {
  name: 'ask',
  description: 'Ask the archive a question; get the passages that answer it, with their source',
  question: true,
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
