import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { App, HTTPReceiver } from '@slack/bolt';
import { settlesWithin } from '../../pipeline/settles.js';
import type { SlackRuntime } from './runtime.js';

/**
 * HTTP mode's defences beyond Bolt's signature check, which only refuses timestamps more than five
 * minutes in the past and accepts the same signed request any number of times.
 */

/** How far a request's signed timestamp may be from our clock, either way (Slack's own rule). */
export const MAX_SKEW_SECONDS = 5 * 60;
/** How long the replay check may hold a request up (Slack wants an answer within 3 s). */
const REPLAY_CHECK_BUDGET_MS = 250;

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/**
 * Refuses (401) a request whose `x-slack-request-timestamp` is more than five minutes from now, before
 * Bolt reads it: a signature leaked with a future timestamp would otherwise stay valid until then.
 * Requests without the header are left to Bolt, which refuses them unless they are an `ssl_check`.
 */
export function refuseSkewedTimestamps(
  receiver: HTTPReceiver,
  onRefused: (req: IncomingMessage, timestamp: string) => void,
  nowMs: () => number = Date.now,
): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const ts = header(req, 'x-slack-request-timestamp');
    if (ts !== undefined) {
      const seconds = Number(ts);
      if (!Number.isFinite(seconds) || Math.abs(nowMs() / 1000 - seconds) > MAX_SKEW_SECONDS) {
        onRefused(req, ts);
        // The body is not read: close the connection rather than leave it half-consumed.
        res.writeHead(401, { connection: 'close' }).end();
        return;
      }
    }
    return inner(req, res);
  };
}

/**
 * Bolt's customPropertiesExtractor, called once the signature has been checked: the request's
 * identity (timestamp and signature together), which a replay repeats exactly.
 */
export function requestKey(req: IncomingMessage): { slackRequestKey?: string } {
  const ts = header(req, 'x-slack-request-timestamp');
  const sig = header(req, 'x-slack-signature');
  if (ts === undefined || sig === undefined) return {};
  return { slackRequestKey: `req:${createHash('sha256').update(`${ts}:${sig}`).digest('hex')}` };
}

/**
 * Answers each signed request once: a replay (same timestamp and signature, so same body) is
 * acknowledged and dropped. Recorded in the event ledger, shared across replicas through the state
 * store; it remembers keys for an hour, far longer than the five minutes a timestamp stays valid.
 */
export function dropReplays(app: App, rt: SlackRuntime): void {
  const { events, clock } = rt.pipeline.services;
  // On the answering path like the event-id check: a slow or failing store lets the request through
  // (a replay during an outage may be answered again; a real request is never lost).
  const firstDelivery = async (key: string): Promise<boolean> => {
    const check = events.firstDelivery(key, clock.now()).catch((err: unknown) => {
      rt.logger.warn({ err }, 'event ledger unavailable; not checking for a replay');
      return true;
    });
    return (await settlesWithin(check, REPLAY_CHECK_BUDGET_MS)) ? check : true;
  };
  app.use(async (args) => {
    const key = args.context.slackRequestKey;
    if (typeof key === 'string' && !(await firstDelivery(key))) {
      rt.logger.warn({ key }, 'replayed slack request dropped');
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      return;
    }
    await args.next();
  });
}
