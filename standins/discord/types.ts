/** The Discord stand-in's public types: what tests call and what it records. */
import type { APIMessage } from 'discord.js';

/** One REST request as the stand-in received it. */
export interface RecordedRequest {
  method: string;
  /** Decoded path without the `/api/v10` prefix and without the query, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; for multipart, the parsed `payload_json` part. `undefined` when there is no body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of recorded bodies.
  body: any;
  /** Files of a multipart body (`files[n]` parts), in the order sent. */
  files: RecordedFile[];
  /** Status the stand-in answered with (an injected failure shows here too). */
  status: number;
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** An application command option as it appears in an interaction payload. */
export interface InteractionOption {
  name: string;
  type: number;
  value: unknown;
  focused?: boolean;
}

export interface SlashCommandOptions {
  name: string;
  options?: InteractionOption[];
  /** `'sub'`, or `'group sub'` for a subcommand inside a subcommand group. */
  subcommand?: string;
  /** Invoking user; defaults to `standIn.user.id`. */
  userId?: string;
  /** Member permissions bitfield as a decimal string; defaults to the @everyone permissions. */
  permissions?: string;
  /** Invoke in the user's DM with the bot instead of the guild text channel. */
  dm?: boolean;
}

export interface AutocompleteOptions {
  name: string;
  /** Mark the option being typed with `focused: true`; if none is, the last one is marked. */
  options: InteractionOption[];
  subcommand?: string;
  userId?: string;
}

export interface ButtonOptions {
  customId: string;
  /** Message carrying the button; a stored message (e.g. one the bot sent) keeps its channel. */
  messageId?: string;
  userId?: string;
  permissions?: string;
}

export interface SendMessageOptions {
  content: string;
  /** Adds the bot to `mentions` and prefixes `<@BOT_ID> ` unless the content already mentions it. */
  mentionsBot?: boolean;
  /** Send in the author's DM with the bot (`channel_type: 1`, no `guild_id`). */
  dm?: boolean;
  authorId?: string;
  authorBot?: boolean;
  /** Guild channel or thread to post in; defaults to the text channel. Ignored when `dm`. */
  channelId?: string;
}

export interface DiscordStandIn {
  /** REST base to pass as `rest: { api: url }`, e.g. `http://127.0.0.1:PORT/api`. */
  url: string;
  botUser: { id: string; username: string };
  /** The default human user that sends commands and messages. */
  user: { id: string; username: string };
  applicationId: string;
  guildId: string;
  /** The guild's text channel (type 0). */
  channelId: string;
  /** Every REST request received, oldest first. Safe to clear with `requests.length = 0`. */
  requests: RecordedRequest[];
  /** The `shard` of every IDENTIFY so far, in order (`[id, count]`). */
  readonly identifiedShards: Array<[number, number]>;
  /** The `d` of the last IDENTIFY (token, intents, properties, shard, …), or `undefined`. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of the identify payload.
  identify: any;
  /** Whether starting threads succeeds; when false thread routes answer 403 Missing Permissions. */
  threadsAllowed: boolean;
  /** Send a gateway dispatch to every identified connection (queued until one is ready). */
  dispatch(t: string, d: unknown): void;
  sendSlashCommand(opts: SlashCommandOptions): { id: string; token: string };
  sendAutocomplete(opts: AutocompleteOptions): { id: string; token: string };
  sendButton(opts: ButtonOptions): { id: string; token: string };
  sendMessage(opts: SendMessageOptions): { id: string; channelId: string };
  /** A message context-menu command (type 2, data.type 3) on a stored message, e.g. "Find in archive". */
  sendMessageCommand(opts: { name: string; messageId: string; userId?: string }): {
    id: string;
    token: string;
  };
  /**
   * Resolves with the first recorded request (already recorded or future) that matches; rejects
   * after `timeoutMs` (default 5000). A predicate that throws counts as no match.
   */
  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Answer the next `times` (default 1) matching requests with `status` and `body` instead of routing them. */
  failNext(pred: (r: RecordedRequest) => boolean, status: number, body?: unknown, times?: number): void;
  /** A stored message (sent by the bot or by a helper), as the stand-in currently holds it. */
  getMessage(id: string): APIMessage | undefined;
  /** Application commands registered globally, or in `guildId`. */
  getCommands(guildId?: string): Record<string, unknown>[];
  /** Messages stored in a channel (default the guild's text channel), oldest first. */
  channelMessages(channelId?: string): APIMessage[];
  /**
   * While true, `POST /channels/{id}/messages` stores the message and then holds the response open
   * (until `releaseHeld()` or close): a send in flight that a crash cuts off after it arrived.
   */
  holdMessages: boolean;
  /** Answers every held message request. */
  releaseHeld(): void;
  close(): Promise<void>;
}

export interface DiscordStandInOptions {
  /** Default true. Also drops CREATE_PUBLIC_THREADS from @everyone when false. */
  threadsAllowed?: boolean;
  /** Shard count `GET /gateway/bot` recommends (default 1). */
  shards?: number;
  /** Pick the guild id so the guild lives on this shard of `shards` (default: any). */
  guildShard?: number;
  /** How long a `nonce` sent with `enforce_nonce` returns the earlier message (default 5 minutes). */
  nonceWindowMs?: number;
}
