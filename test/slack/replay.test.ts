import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToBolt, type SlackCall, slashCommandForm } from '../../standins/slack.js';
import { type Harness, SIGNING_SECRET, startHarness } from './harness.js';

/** Signed-request hardening in HTTP mode: timestamps both ways, and replays (issue 13, item 9). */

let h: Harness;
let url: string;

beforeAll(async () => {
  h = await startHarness({ mode: 'http' });
  url = h.slack.eventsUrl ?? '';
});
afterAll(async () => {
  await h?.close();
});

const nowSec = () => Math.floor(Date.now() / 1000);
const answersTo = (id: string) => (c: SlackCall) => c.path === `/response/${id}`;

function askForm(id: string) {
  return slashCommandForm({
    command: '/ask',
    text: 'What phones did Xi give Lee?',
    responseUrl: h.standIn.responseUrl(id),
  });
}

/** Long enough for an accepted request to have been answered (answers take milliseconds here). */
const settle = () => sleep(400);

describe('Slack HTTP mode: signed timestamps and replays', () => {
  it('refuses a correctly signed request stamped a year ahead, and answers nothing', async () => {
    const res = await postToBolt(
      url,
      SIGNING_SECRET,
      { form: askForm('future') },
      {
        timestamp: nowSec() + 365 * 86_400,
      },
    );
    expect(res.status).toBe(401);
    await settle();
    expect(h.standIn.calls.filter(answersTo('future'))).toEqual([]);
    expect(h.logs.some((l) => String(l.msg).includes('timestamp more than 5 min off'))).toBe(true);
  });

  it('refuses one stamped six minutes ago, and one six minutes ahead', async () => {
    for (const [id, offset] of [
      ['past6', -6 * 60],
      ['ahead6', 6 * 60],
    ] as const) {
      const res = await postToBolt(
        url,
        SIGNING_SECRET,
        { form: askForm(id) },
        { timestamp: nowSec() + offset },
      );
      expect(res.status, id).toBe(401);
    }
    await settle();
    expect(h.standIn.calls.filter((c) => answersTo('past6')(c) || answersTo('ahead6')(c))).toEqual([]);
  });

  it('accepts a request a few seconds off either way (clock drift)', async () => {
    const res = await postToBolt(
      url,
      SIGNING_SECRET,
      { form: askForm('drift') },
      { timestamp: nowSec() + 30 },
    );
    expect(res.status).toBe(200);
    await h.standIn.waitFor(answersTo('drift'));
  });

  it('answers an identical slash command sent twice only once', async () => {
    const form = askForm('replay');
    const timestamp = nowSec();
    const first = await postToBolt(url, SIGNING_SECRET, { form }, { timestamp });
    expect(first.status).toBe(200);
    await h.standIn.waitFor(answersTo('replay'));
    const again = await postToBolt(url, SIGNING_SECRET, { form }, { timestamp });
    // Acknowledged (Slack would otherwise show an error) but not answered again.
    expect(again.status).toBe(200);
    await settle();
    expect(h.standIn.calls.filter(answersTo('replay'))).toHaveLength(1);
    expect(h.logs.some((l) => l.msg === 'replayed slack request dropped')).toBe(true);

    // The same question asked again for real (a new signature) is answered as usual.
    const fresh = await postToBolt(url, SIGNING_SECRET, { form }, { timestamp: timestamp + 1 });
    expect(fresh.status).toBe(200);
    await h.standIn.waitFor(
      (c) => answersTo('replay')(c) && h.standIn.calls.filter(answersTo('replay')).length === 2,
    );
  });
});

describe('Slack HTTP mode with the event ledger down', () => {
  let down: Harness;
  beforeAll(async () => {
    down = await startHarness({
      mode: 'http',
      services: {
        events: {
          firstDelivery: async () => {
            throw new Error('state store unavailable');
          },
        },
      },
    });
  });
  afterAll(async () => {
    await down?.close();
  });

  it('still answers: the replay check lets a request through rather than lose it', async () => {
    const form = slashCommandForm({
      command: '/ask',
      text: 'What phones did Xi give Lee?',
      responseUrl: down.standIn.responseUrl('ledger-down'),
    });
    const res = await postToBolt(down.slack.eventsUrl ?? '', SIGNING_SECRET, { form });
    expect(res.status).toBe(200);
    await down.standIn.waitFor(answersTo('ledger-down'));
    expect(down.logs.some((l) => l.msg === 'event ledger unavailable; not checking for a replay')).toBe(true);
  });
});
