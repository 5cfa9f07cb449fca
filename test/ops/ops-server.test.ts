import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startOpsServer } from '../../src/observability/http-server.js';
import { Metrics } from '../../src/observability/metrics.js';

describe('ops endpoint', () => {
  it('serves /healthz per part and /metrics in Prometheus format', async () => {
    const metrics = new Metrics();
    let discordUp = false;
    const ops = await startOpsServer({
      port: 0,
      metrics,
      checks: () => [() => ({ name: 'index', ok: true }), () => ({ name: 'discord', ok: discordUp })],
    });
    try {
      const base = `http://127.0.0.1:${ops.port}`;
      const down = await fetch(`${base}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ok: false, parts: { index: true, discord: false } });
      discordUp = true;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      metrics.questions.inc({ platform: 'slack', outcome: 'answered' });
      metrics.latency.observe({ platform: 'slack' }, 0.004);
      metrics.indexSize.set(44);
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toContain('archivist_questions_total{platform="slack",outcome="answered"} 1');
      expect(text).toContain('archivist_answer_seconds_bucket{le="0.005",platform="slack"} 1');
      expect(text).toContain('archivist_index_passages 44');
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await ops.close();
    }
  });
});

describe('logs', () => {
  it('never write tokens, secrets or what users typed', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += chunk;
        done();
      },
    });
    const logger = createLogger({ level: 'info', pretty: false, destination: sink });
    logger.info(
      { token: 'xoxb-secret-1', config: { botToken: 'xoxb-secret-2', signingSecret: 'sig-3' } },
      'start',
    );
    logger.info({ question: 'my private question', event: { text: '<@U1> private text' } }, 'asked');
    logger.info({ headers: { authorization: 'Bot discord-secret-4' } }, 'request');
    for (const secret of [
      'xoxb-secret-1',
      'xoxb-secret-2',
      'sig-3',
      'my private question',
      'private text',
      'discord-secret-4',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
  });
});
