import { Writable } from 'node:stream';
import { commands as allCommands } from '../../commands/index.js';
import { deployCommands } from '../../src/adapters/discord/deploy.js';
import { type DiscordPlatform, startDiscord } from '../../src/adapters/discord/start.js';
import { loadConfig } from '../../src/config/index.js';
import { AnswerService } from '../../src/core/answer-service.js';
import { openArchive } from '../../src/core/archive.js';
import type { Command } from '../../src/core/command.js';
import { createLogger } from '../../src/logger.js';
import type { Services } from '../../src/services.js';
import {
  type DiscordStandIn,
  type DiscordStandInOptions,
  type RecordedRequest,
  startDiscordStandIn,
} from '../../standins/discord.js';
import { platformDeps, testServices } from '../support/services.js';

/** The real bundled articles, indexed in memory (no cache file). */
export async function bundledAnswers(): Promise<AnswerService> {
  const archive = await openArchive({ dataDir: 'data/articles', cacheFile: false });
  return new AnswerService(archive);
}

export interface Harness {
  discord: DiscordStandIn;
  platform: DiscordPlatform;
  answers: AnswerService;
  /** Every log line the bot wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The same lines as written. */
  rawLogs: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  threadsAllowed?: boolean;
  /** More stand-in options (shards, …). */
  standIn?: DiscordStandInOptions;
  /** More settings, as in the environment (DISCORD_SHARDS, …). */
  env?: Record<string, string>;
  commands?: readonly Command[];
  /** Services beyond the defaults (metrics, a rate limiter, a state store…). */
  services?: Partial<Services>;
  /** Default debug. */
  logLevel?: string;
  /** How long a handler may run before the bot defers (default the production budget). */
  replyBudgetMs?: number;
}

/**
 * The stand-in Discord, the commands registered in its guild by the deploy code, and the real bot
 * started by startDiscord against it, exactly as main.ts starts it.
 */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const discord = await startDiscordStandIn({ threadsAllowed: opts.threadsAllowed ?? true, ...opts.standIn });
  const answers = await bundledAnswers();
  const config = loadConfig({
    dotenvDir: false,
    env: {
      DISCORD_TOKEN: 'test-token',
      DISCORD_APP_ID: discord.applicationId,
      DISCORD_GUILD_ID: discord.guildId,
      DISCORD_API_URL: discord.url,
      INDEX_CACHE: 'off',
      ...opts.env,
    },
  });
  const commands = opts.commands ?? allCommands;
  const settings = config.discord;
  if (!settings) throw new Error('discord settings missing');
  await deployCommands({ ...settings, commands, guildId: discord.guildId });
  const logs: Array<Record<string, unknown>> = [];
  const rawLogs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      rawLogs.push(String(chunk));
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ level: opts.logLevel ?? 'debug', destination });
  const services = testServices(answers, { config, logger, commands, ...opts.services });
  const platform = await startDiscord(platformDeps(services), {
    ...(opts.replyBudgetMs !== undefined ? { replyBudgetMs: opts.replyBudgetMs } : {}),
  });
  return {
    discord,
    platform,
    answers,
    logs,
    rawLogs,
    async close() {
      await platform.stop();
      await discord.close();
    },
  };
}

/** The edit of an interaction's original response (what the user sees after "thinking…"). */
export function originalEdit(h: Harness, token: string): Promise<RecordedRequest> {
  return h.discord.waitFor(
    (r) =>
      r.method === 'PATCH' &&
      r.path === `/webhooks/${h.discord.applicationId}/${token}/messages/@original` &&
      r.status === 200,
  );
}

/**
 * The answer sent as the interaction's acknowledgement itself (callback type 4, one request), with the
 * message it carries as `body`, like an edit's. Throws when the bot acknowledged some other way.
 */
export async function directReply(h: Harness, id: string): Promise<RecordedRequest> {
  const cb = await h.discord.waitFor(
    (r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`) && r.status < 300,
  );
  if (cb.body?.type !== 4) throw new Error(`expected a direct reply (type 4), got type ${cb.body?.type}`);
  return { ...cb, body: cb.body.data };
}

export function callback(h: Harness, id: string): Promise<RecordedRequest> {
  return h.discord.waitFor((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`));
}

export function followUp(h: Harness, token: string): Promise<RecordedRequest> {
  return h.discord.waitFor(
    (r) => r.method === 'POST' && r.path === `/webhooks/${h.discord.applicationId}/${token}`,
  );
}

/** The stored message (id) that carries a button, found through the stand-in's REST like a client would. */
export async function messageWithButton(h: Harness, channelId: string, customId: string): Promise<string> {
  const res = await fetch(`${h.discord.url}/v10/channels/${channelId}/messages?limit=50`);
  const list = (await res.json()) as Array<{
    id: string;
    components?: Array<{ components: Array<{ custom_id?: string }> }>;
  }>;
  const found = list.find((m) =>
    m.components?.some((row) => row.components.some((b) => b.custom_id === customId)),
  );
  if (!found) throw new Error(`no message carries ${customId}`);
  return found.id;
}

/** custom_ids of the buttons in a message body, in order. */
// biome-ignore lint/suspicious/noExplicitAny: recorded bodies are untyped JSON.
export function buttonIds(body: any): string[] {
  return (body?.components ?? []).flatMap((row: { components: Array<{ custom_id: string }> }) =>
    row.components.map((b) => b.custom_id),
  );
}

// biome-ignore lint/suspicious/noExplicitAny: recorded bodies are untyped JSON.
export function buttonLabels(body: any): string[] {
  return (body?.components ?? []).flatMap(
    (row: { components: Array<{ label?: string; emoji?: { name: string } }> }) =>
      row.components.map((b) => b.label ?? b.emoji?.name ?? ''),
  );
}
