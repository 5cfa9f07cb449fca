import type { webApi } from '@slack/bolt';
import { fromSlackText } from './mrkdwn.js';

/** A thread the bot answered in, with the question that started it (for follow-ups' context). */
export interface BotThread {
  question: string;
}

const MAX_ENTRIES = 5000;
/** A thread found not to be ours is checked again after this: the bot may answer in it later (elsewhere). */
const NOT_OURS_MS = 5 * 60_000;

/**
 * Which threads the bot answered in. Remembered in memory when this process answers, and otherwise
 * read from the thread itself (conversations.replies: did the bot post there?), so a restart or
 * another replica still knows without a new table in the state store; the answer is cached.
 */
export class BotThreads {
  readonly #known = new Map<string, BotThread | { notOursUntil: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  remember(channel: string, threadTs: string, question: string): void {
    this.#set(`${channel}:${threadTs}`, { question });
  }

  async lookup(
    client: webApi.WebClient,
    channel: string,
    threadTs: string,
    bot: { userId?: string; botId?: string },
  ): Promise<BotThread | undefined> {
    const key = `${channel}:${threadTs}`;
    const known = this.#known.get(key);
    if (known && 'question' in known) return known;
    if (known && known.notOursUntil > this.#now()) return undefined;
    const res = await client.conversations.replies({ channel, ts: threadTs, limit: 100 });
    const messages = res.messages ?? [];
    const ours = messages.some(
      (m) => (bot.userId && m.user === bot.userId) || (bot.botId && m.bot_id === bot.botId),
    );
    if (!ours) {
      this.#set(key, { notOursUntil: this.#now() + NOT_OURS_MS });
      return undefined;
    }
    const thread = { question: fromSlackText(messages[0]?.text ?? '', bot.userId) };
    this.#set(key, thread);
    return thread;
  }

  #set(key: string, value: BotThread | { notOursUntil: number }): void {
    // Bounded: a full map starts over (a forgotten thread is looked up again, never lost).
    if (this.#known.size >= MAX_ENTRIES && !this.#known.has(key)) this.#known.clear();
    this.#known.set(key, value);
  }
}
