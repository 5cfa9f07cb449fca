import type { CommandContext, CommandInput, CommandResult, Platform } from '../core/command.js';
import type { Vote } from '../core/state.js';

/**
 * What every adapter hands the pipeline: a platform event already translated into platform-free terms.
 * The pipeline never sees discord.js or Bolt objects; the adapter's {@link Surface} carries replies back.
 */
export interface ChatEvent {
  platform: Platform;
  /** Ties what the user sees ("ref …") to the log line: interaction id, event id, or a fresh ref. */
  ref: string;
  /** Who asked, as the commands see them (the adapter maps its platform's permission). */
  user: CommandContext['user'];
  channel?: { id: string; name?: string };
  trigger: Trigger;
  /** `performance.now()` when the event arrived, for the latency metric. Default: when the pipeline saw it. */
  startedMs?: number;
}

export type Trigger =
  /** A slash command with its options already typed (Discord, Slack's parsed text). */
  | { kind: 'command'; name: string; input: CommandInput }
  /** Typed text: a mention, a DM, a terminal line. `/command …` runs that command; anything else is asked. */
  | {
      kind: 'text';
      text: string;
      prefix?: string;
      /** A follow-up in a thread: the thread's earlier question, passed to the question command as `context`. */
      context?: string;
    }
  /** A button on an earlier answer. */
  /** A button on an earlier answer; `clickedPrivate` when the clicked message is the asker's private copy. */
  | { kind: 'button'; action: ButtonAction; clickedPrivate?: boolean };

/**
 * What a button does. The question stays in the answer-session store; buttons carry the session id and,
 * for paging and sharing, the offset of the page to show. `run` re-runs a command with given options
 * (Slack's article choices).
 */
export type ButtonAction =
  | { kind: 'more'; session: string; offset: number }
  | { kind: 'share'; session: string; offset: number }
  | { kind: 'vote'; session: string; vote: Vote }
  | { kind: 'run'; command: string; input: CommandInput };

export type Visibility = 'public' | 'private';

/** A result on its way out, with what the renderer needs to add the right buttons. */
export interface Outgoing {
  result: CommandResult;
  /** The command that made it (renderers name it in buttons that re-run it). */
  command?: string;
  visibility: Visibility;
  /**
   * `answer`: the reply to the event. `page`: the next page after More results (Discord drops the
   * clicked message's More button; Slack replaces a private copy). `share`: a private answer posted to
   * the channel (Slack then deletes the private copy).
   */
  intent: 'answer' | 'page' | 'share';
  /** The answer session its buttons carry; absent for anything but an answer with passages. */
  sessionId?: string;
  /** Offer 👍/👎 (a feedback store is wired). */
  feedback: boolean;
  /** User id of whoever shared it. */
  sharedBy?: string;
}

/** Why an event is not answered, with the text to show instead. */
export interface Refusal {
  reason: 'rate-limited' | 'restarting';
  text: string;
  /**
   * True for the first refusal of this user (or channel) until the wait is over. Public surfaces (a
   * reply in the channel) say so only then, so a flood of mentions does not become a flood of replies.
   */
  firstNotice: boolean;
}

export type Tone = 'info' | 'success' | 'error';

/**
 * The small surface an adapter supplies per event: how to answer on its platform. Methods that send
 * reject when the platform refuses (after its library retried); the pipeline logs, counts and tells
 * the user privately.
 */
export interface Surface {
  /** Renders and sends the result where it belongs (reply, thread, response_url, stdout). */
  reply(out: Outgoing): Promise<void>;
  /** A short notice only the user sees. */
  replyPrivately(tone: Tone, text: string): Promise<void>;
  /** Says why the event is not answered (private where the platform allows, else once per wait). */
  refuse(refusal: Refusal): Promise<void>;
  /** How the platform shows a command's answer unless the command or the user chose: Slack private, Discord public. */
  defaultVisibility: Visibility;
  /**
   * Acknowledges a slow event with a "thinking…" placeholder (Discord's deferred reply) when the work
   * takes longer than `deferAfterMs`. Absent where the platform needs no such thing.
   */
  defer?: { afterMs: number; run(visibility: Visibility): Promise<void> };
}
