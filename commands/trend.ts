import type { Command } from '../src/core/command.js';

const year = (name: string, description: string) =>
  ({ name, description, type: 'integer', minValue: 1000, maxValue: 9999 }) as const;

export default {
  name: 'trend',
  description: 'How often a topic appears in the archive per year (per month for short ranges), as a chart',
  public: true,
  options: [
    {
      name: 'topic',
      description: 'Words to count, as you would ask',
      type: 'string',
      required: true,
      maxLength: 200,
    },
    year('from', 'First year (default: the oldest article)'),
    year('to', 'Last year (default: the newest article)'),
    { name: 'private', description: 'Show the chart only to you', type: 'boolean' },
  ],
  async handler({ options }, { answers }) {
    let topic = String(options.topic ?? '');
    let from = typeof options.from === 'number' ? options.from : undefined;
    let to = typeof options.to === 'number' ? options.to : undefined;
    // Typed text ("/trend china 2019 2024") lands whole in the topic: trailing years are the range.
    const years = /\s+(\d{4})(?:\s*(?:-|–|to|\s)\s*(\d{4}))?\s*$/i.exec(topic);
    if (years && from === undefined && to === undefined && years.index > 0) {
      from = Number(years[1]);
      to = years[2] ? Number(years[2]) : undefined;
      topic = topic.slice(0, years.index);
    }
    const trend = await answers.trend(topic, {
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    return {
      kind: 'trend',
      trend,
      ...(options.private !== undefined ? { private: Boolean(options.private) } : {}),
    };
  },
} satisfies Command;
