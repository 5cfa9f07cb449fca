import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART } from '../../src/adapters/shared/trend-chart.js';
import { TerminalBot } from '../../src/adapters/terminal/terminal-bot.js';
import type { AnswerService } from '../../src/core/answer-service.js';
import { createPipeline } from '../../src/pipeline/pipeline.js';
import { postToBolt, STANDIN_CHANNEL_ID, slashCommandForm } from '../../standins/slack.js';
import { directReply, startHarness as startDiscord } from '../discord/harness.js';
import { SIGNING_SECRET, startHarness as startSlack } from '../slack/harness.js';
import { asAnswers, testServices } from '../support/services.js';
import { pngSize, trendArchive } from './fixture.js';

let answers: AnswerService;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ answers, cleanup } = await trendArchive());
});
afterAll(() => cleanup());

const CHART_SIZE = { width: CHART.width * 2, height: CHART.height * 2 };

describe('/trend in the terminal', () => {
  it('prints a sparkline with the counts, and --png writes the chart', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'archivist-png-'));
    try {
      const file = path.join(dir, 'out.png');
      const input = new PassThrough();
      const output = new PassThrough();
      let printed = '';
      output.on('data', (d) => {
        printed += d;
      });
      const bot = new TerminalBot({
        pipeline: createPipeline(testServices(answers)),
        input,
        output,
        interactive: false,
        color: false,
      });
      const done = bot.run();
      input.end(`/trend espionage --png ${file}\n`);
      await done;
      expect(printed).toContain('2019 ▃▁█▁▁▃ 2024');
      expect(printed).toContain('5 passages in 4 articles, 2019–2024 · peak 2021 (3)');
      expect(printed).toContain(`Chart written to ${file}`);
      expect(pngSize(await readFile(file))).toEqual(CHART_SIZE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('/trend on Discord', () => {
  it('replies in the channel with the sparkline and the PNG attached, counts as its description', async () => {
    const h = await startDiscord({ services: { answers: asAnswers(answers) } });
    try {
      const { id } = h.discord.sendSlashCommand({
        name: 'trend',
        options: [{ name: 'topic', type: 3, value: 'espionage' }],
      });
      const reply = await directReply(h, id);
      expect(reply.body.flags ?? 0).toBe(0);
      expect(reply.body.content).toContain('`▃▁█▁▁▃`');
      expect(reply.body.embeds[0].image.url).toBe('attachment://trend.png');
      expect(reply.body.attachments[0].description).toContain('2019 1, 2020 0, 2021 3');
      const file = reply.files[0];
      expect(file?.filename).toBe('trend.png');
      expect(pngSize(file?.data as Buffer)).toEqual(CHART_SIZE);
    } finally {
      await h.close();
    }
  });
});

describe('/trend on Slack', () => {
  it('answers in the channel and uploads the PNG there (getUploadURLExternal, bytes, completeUploadExternal)', async () => {
    const h = await startSlack({ mode: 'http', services: { answers: asAnswers(answers) } });
    try {
      const url = h.slack.eventsUrl ?? '';
      const res = await postToBolt(url, SIGNING_SECRET, {
        form: slashCommandForm({
          command: '/trend',
          text: 'espionage 2019 2024',
          responseUrl: h.standIn.responseUrl('tr1'),
        }),
      });
      expect(res.status).toBe(200);
      const reply = await h.standIn.waitFor((c) => c.path === '/response/tr1');
      expect(reply.body.response_type).toBe('in_channel');
      expect(JSON.stringify(reply.body.blocks)).toContain('▃▁█▁▁▃');
      const asked = await h.standIn.waitFor((c) => c.method === 'files.getUploadURLExternal');
      expect(asked.body).toMatchObject({ filename: 'trend.png' });
      expect(String(asked.body.alt_text)).toContain('2021 3');
      const upload = await h.standIn.waitFor((c) => c.method === 'file_upload');
      expect(pngSize(upload.body.data as Buffer)).toEqual(CHART_SIZE);
      expect(Number(asked.body.length)).toBe(upload.body.size);
      const done = await h.standIn.waitFor((c) => c.method === 'files.completeUploadExternal');
      expect(done.body.channel_id).toBe(STANDIN_CHANNEL_ID);
      expect(String(done.body.files)).toContain(String(upload.body.file_id));
    } finally {
      await h.close();
    }
  });
});
