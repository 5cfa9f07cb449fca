import type { Command } from '../src/core/command.js';
import { VERSION } from '../src/core/version.js';

export default {
  name: 'about',
  description: 'What is in the archive and how fresh the index is',
  async handler(_input, { answers }) {
    return { kind: 'about', stats: await answers.stats(), version: VERSION };
  },
} satisfies Command;
