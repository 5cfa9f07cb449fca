/** Helpers for talking to a Bolt HTTPReceiver (HTTP mode) as Slack does: signed requests. */
import { createHmac } from 'node:crypto';
import { request } from 'node:http';

/** Headers Slack adds to every request: `v0=` HMAC-SHA256 of `v0:<ts>:<rawBody>` with the signing secret. */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

/**
 * POST a signed request to a Bolt receiver (`http://127.0.0.1:PORT/slack/events`), as Slack would.
 * `form` is sent form-encoded (slash commands; interactivity as `{ payload: JSON.stringify(...) }`),
 * `json` as JSON (Events API). Uses a fresh connection without keep-alive so `app.stop()` (which
 * waits for open connections) returns at once.
 */
export function postToBolt(
  url: string,
  signingSecret: string,
  body: { form?: Record<string, string>; json?: unknown },
  opts: { timestamp?: number; badSignature?: boolean; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  const isForm = body.form !== undefined;
  const raw = isForm ? new URLSearchParams(body.form).toString() : JSON.stringify(body.json ?? {});
  const signed = signSlackRequest(
    opts.badSignature ? `${signingSecret}-wrong` : signingSecret,
    raw,
    opts.timestamp,
  );
  const headers: Record<string, string> = {
    'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json',
    'content-length': String(Buffer.byteLength(raw)),
    ...signed,
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(raw);
  });
}
