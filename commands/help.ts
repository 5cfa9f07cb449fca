import { type Command, usage } from '../src/core/command.js';

export default {
  name: 'help',
  description: 'How to ask Archivist questions, and every command',
  private: true,
  handler(_input, { commands }) {
    return {
      kind: 'help',
      commands: commands.map((c) => ({ name: c.name, description: c.description, usage: usage(c) })),
    };
  },
} satisfies Command;
