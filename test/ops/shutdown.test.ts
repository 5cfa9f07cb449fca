import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/core/command.js';
import { InFlight } from '../../src/lifecycle/inflight.js';
import { postToBolt, slashCommandForm } from '../../standins/slack.js';
import { callback, originalEdit, startHarness as startDiscord } from '../discord/harness.js';
import { SIGNING_SECRET, startHarness as startSlack } from '../slack/harness.js';

/** A command that answers only when the test lets it: an answer "in flight" for as long as needed. */
function slowCommand() {
  let finish: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const slow: Command = {
    name: 'slow',
    description: 'Answers when released',
    async handler() {
      await gate;
      return { kind: 'notice', tone: 'info', text: 'finished after the shutdown began' };
    },
  };
  return { slow, finish: () => finish() };
}

describe('draining on shutdown: stop taking new events, finish those in flight', () => {
  it('Discord', async () => {
    const inflight = new InFlight();
    const { slow, finish } = slowCommand();
    // A short reply budget: the slow command is deferred at once ("thinking…") and stays in flight.
    const h = await startDiscord({ commands: [...commands, slow], services: { inflight }, replyBudgetMs: 5 });
    try {
      const first = h.discord.sendSlashCommand({ name: 'slow' });
      expect((await callback(h, first.id)).body.type).toBe(5);
      expect(inflight.count).toBe(1);

      inflight.close();
      const late = h.discord.sendSlashCommand({
        name: 'ask',
        options: [{ name: 'question', type: 3, value: 'What phones did Xi give Lee?' }],
      });
      const refused = await callback(h, late.id);
      expect(refused.body.data).toMatchObject({
        flags: 64,
        content: expect.stringContaining("I'm restarting"),
      });

      const settled = inflight.settled(10_000);
      finish();
      expect(await settled).toBe(true);
      expect((await originalEdit(h, first.token)).body.content).toContain(
        'finished after the shutdown began',
      );
    } finally {
      await h.close();
    }
  });

  it('Slack', async () => {
    const inflight = new InFlight();
    const { slow, finish } = slowCommand();
    const h = await startSlack({ mode: 'http', commands: [...commands, slow], services: { inflight } });
    try {
      const slash = (command: string, id: string) =>
        postToBolt(h.slack.eventsUrl ?? '', SIGNING_SECRET, {
          form: slashCommandForm({ command, text: 'Xiaomi', responseUrl: h.standIn.responseUrl(id) }),
        });
      await slash('/slow', 'first');
      expect(inflight.count).toBe(1);

      inflight.close();
      const refused = await slash('/ask', 'late');
      expect(JSON.parse(refused.text)).toEqual({
        response_type: 'ephemeral',
        text: "I'm restarting — please ask again in a minute.",
      });

      const settled = inflight.settled(10_000);
      finish();
      expect(await settled).toBe(true);
      const answered = await h.standIn.waitFor((c) => c.path === '/response/first');
      expect(answered.body.text).toContain('finished after the shutdown began');
      expect(h.standIn.calls.some((c) => c.path === '/response/late')).toBe(false);
    } finally {
      await h.close();
    }
  });
});
