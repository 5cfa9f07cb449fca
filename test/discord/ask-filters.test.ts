import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callback, directReply, type Harness, startHarness } from './harness.js';

describe('/ask with date and publisher filters on Discord', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('suggests publishers for `source` and answers within the filters, naming them', async () => {
    const auto = h.discord.sendAutocomplete({
      name: 'ask',
      options: [
        { name: 'question', type: 3, value: 'phones' },
        { name: 'source', type: 3, value: 'unkn', focused: true },
      ],
    });
    const choices = (await callback(h, auto.id)).body.data.choices;
    expect(choices).toEqual([{ name: 'Unknown publisher', value: 'Unknown publisher' }]);

    const { id } = h.discord.sendSlashCommand({
      name: 'ask',
      options: [
        { name: 'question', type: 3, value: 'What phones did Xi give Lee?' },
        { name: 'source', type: 3, value: 'Unknown publisher' },
        { name: 'from', type: 3, value: '2025-11-01' },
      ],
    });
    const reply = await directReply(h, id);
    expect(reply.body.content).toMatch(/since 2025-11-01, from Unknown publisher/);
    expect(reply.body.embeds.length).toBeGreaterThan(0);

    const later = h.discord.sendSlashCommand({
      name: 'ask',
      options: [
        { name: 'question', type: 3, value: 'What phones did Xi give Lee?' },
        { name: 'from', type: 3, value: '2026-01-01' },
      ],
    });
    const none = await directReply(h, later.id);
    expect(none.body.content).toMatch(/Nothing in the archive since 2026-01-01 answers that/);
  });
});
