/** One measured run of `npm run load`: warm-up, then closed or open loop, tallied per kind of question. */
import type { Askers, Kind } from './load-askers.js';
import type { Tally } from './load-report.js';

export interface RunOptions {
  concurrency: number;
  /** Open loop: questions started per second whatever the replies do (else N askers, closed loop). */
  rate?: number;
  seconds: number;
  kinds: Kind[];
  questions: string[];
  people: Askers;
  /** Called between the warm-up and the measured run (to read the bot's counters). */
  afterWarmUp?: () => Promise<void>;
}

export async function measure(o: RunOptions): Promise<{ tallies: Map<Kind, Tally>; elapsed: number }> {
  const { questions, people } = o;
  const tallies = new Map<Kind, Tally>(o.kinds.map((k) => [k, { sent: 0, replied: 0, lost: 0, ms: [] }]));
  const one = async (kind: Kind, question: string, worker: number): Promise<void> => {
    const t = tallies.get(kind) as Tally;
    t.sent++;
    try {
      t.ms.push(await people.ask(kind, question, worker));
      t.replied++;
    } catch {
      t.lost++;
    }
  };

  // Warm-up: JIT, caches (Slack's users.info per user), connections. Not measured.
  for (const k of o.kinds) {
    await Promise.all(
      Array.from({ length: o.concurrency }, (_, w) => one(k, questions[w % questions.length] ?? 'Xi', w)),
    );
  }
  for (const t of tallies.values()) Object.assign(t, { sent: 0, replied: 0, lost: 0, ms: [] });
  await o.afterWarmUp?.();

  const pick = (i: number) =>
    [o.kinds[i % o.kinds.length] as Kind, questions[i % questions.length] as string] as const;
  const deadline = performance.now() + o.seconds * 1000;
  const began = performance.now();
  if (o.rate) {
    // Open loop: a question every 1/rate s, spread over the askers, whether or not replies keep up.
    const pending: Array<Promise<void>> = [];
    const every = 1000 / o.rate;
    for (let i = 0; began + i * every < deadline; i++) {
      const due = began + i * every - performance.now();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      pending.push(one(...pick(i), i % o.concurrency));
    }
    await Promise.all(pending);
  } else {
    // Closed loop: N askers, each asking again as soon as its reply arrives. Each asker stays on one
    // platform (alternating slash command and mention), so a slow platform does not hold the other back.
    const platforms = [...new Set(o.kinds.map((k) => k.split(' ')[0]))];
    await Promise.all(
      Array.from({ length: o.concurrency }, async (_, w) => {
        const mine = o.kinds.filter((k) => k.startsWith(platforms[w % platforms.length] ?? ''));
        for (let i = 0; performance.now() < deadline; i++) {
          await one(mine[i % mine.length] as Kind, questions[(w + i) % questions.length] as string, w);
        }
      }),
    );
  }
  return { tallies, elapsed: (performance.now() - began) / 1000 };
}
