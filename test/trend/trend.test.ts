import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import trendCommand from '../../commands/trend.js';
import { CHART, trendPng, trendSvg } from '../../src/adapters/shared/trend-chart.js';
import { sparkline, trendAltText } from '../../src/adapters/shared/trend-text.js';
import type { AnswerService } from '../../src/core/answer-service.js';
import type { CommandContext } from '../../src/core/command.js';
import { computeTrend, type Trend } from '../../src/core/trend.js';
import { asAnswers } from '../support/services.js';
import { pngSize, trendArchive } from './fixture.js';

let answers: AnswerService;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ answers, cleanup } = await trendArchive());
});
afterAll(() => cleanup());

const counts = (t: Trend) => t.buckets.map((b) => b.passages);

describe('computeTrend', () => {
  it('counts matching passages and articles per year over the archive, zeros included', () => {
    const t = computeTrend(answers.archive, 'espionage');
    expect(t.unit).toBe('year');
    expect(t.buckets.map((b) => b.label)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    expect(counts(t)).toEqual([1, 0, 3, 0, 0, 1]);
    expect(t.buckets.map((b) => b.articles)).toEqual([1, 0, 2, 0, 0, 1]);
    expect([t.totalPassages, t.totalArticles]).toEqual([5, 4]);
  });

  it('counts per month for a short range', () => {
    const t = computeTrend(answers.archive, 'espionage', { from: 2021, to: 2021 });
    expect(t.unit).toBe('month');
    expect(t.buckets).toHaveLength(12);
    expect(t.buckets.filter((b) => b.passages > 0).map((b) => [b.label, b.passages])).toEqual([
      ['2021-05', 2],
      ['2021-08', 1],
    ]);
  });

  it('says why there is nothing to count', () => {
    expect(computeTrend(answers.archive, '  ').reason).toBe('empty-topic');
    expect(computeTrend(answers.archive, 'the what').reason).toBe('no-meaningful-words');
    expect(computeTrend(answers.archive, 'spy', { from: 2024, to: 2019 }).reason).toBe('bad-range');
    // Years not typed on an archive over MAX_YEARS long: its newest MAX_YEARS, not a refusal.
    const long = computeTrend(answers.archive, 'espionage', {
      span: { oldest: '1790-01-01', newest: '2024-06-01' },
    });
    expect(long.reason).toBeUndefined();
    expect(long.buckets[0]?.label).toBe('1825');
    expect(long.buckets.at(-1)?.label).toBe('2024');
    expect(long.totalPassages).toBe(5);
    expect(computeTrend(answers.archive, 'zeppelin').totalPassages).toBe(0);
  });

  it('the command reads trailing years typed after the topic as the range', async () => {
    const ctx = { answers: asAnswers(answers) } as unknown as CommandContext;
    const r = await trendCommand.handler({ options: { topic: 'espionage 2020 2022' } }, ctx);
    if (r.kind !== 'trend') throw new Error(r.kind);
    expect(r.trend.topic).toBe('espionage');
    expect(r.trend.buckets.map((b) => b.label)).toEqual(['2020', '2021', '2022']);
  });
});

describe('trend rendering', () => {
  it('sparkline is zero-based: none is ▁, the peak █, any count above zero above ▁', () => {
    expect(sparkline([1, 0, 3, 0, 0, 1])).toBe('▃▁█▁▁▃');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([1, 100])).toBe('▂█');
  });

  it('bars in the SVG are proportional to the counts on a zero-based axis', () => {
    const t = computeTrend(answers.archive, 'espionage');
    const { svg, bars } = trendSvg(t);
    const rects = [
      ...svg.matchAll(
        /<rect class="bar" data-label="(\d+)" data-count="(\d+)"[^>]* y="([\d.]+)"[^>]* height="([\d.]+)"/g,
      ),
    ];
    expect(rects.map((m) => [m[1], Number(m[2])])).toEqual([
      ['2019', 1],
      ['2021', 3],
      ['2024', 1],
    ]);
    const baseline = CHART.height - CHART.bottom;
    const perPassage = Number(rects[0]?.[4]);
    for (const m of rects) {
      // Height is count × the same scale, and every bar stands on the zero line.
      expect(Number(m[4])).toBeCloseTo(Number(m[2]) * perPassage, 1);
      expect(Number(m[3]) + Number(m[4])).toBeCloseTo(baseline, 1);
    }
    expect(bars.map((b) => b.count)).toEqual(counts(t));
    expect(svg).toContain('>0</text>');
    for (const year of ['2019', '2020', '2024']) expect(svg).toContain(`>${year}</text>`);
  });

  it('PNG decodes: signature, IHDR at twice the SVG size, and resvg renders it back', () => {
    const t = computeTrend(answers.archive, 'espionage');
    const png = trendPng(t);
    expect(pngSize(png)).toEqual({ width: CHART.width * 2, height: CHART.height * 2 });
    expect(png.length).toBeGreaterThan(5_000);
    expect(png.length).toBeLessThan(500_000);
    const back = new Resvg(
      `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><image href="data:image/png;base64,${png.toString('base64')}" width="80" height="40"/></svg>`,
    ).render();
    expect([back.width, back.height]).toEqual([80, 40]);
    // Some pixels are drawn (not all transparent).
    expect(back.pixels.some((v, i) => i % 4 === 3 && v > 0)).toBe(true);
  });

  it('alt text holds every count', () => {
    const t = computeTrend(answers.archive, 'espionage');
    expect(trendAltText(t)).toBe(
      'Bar chart of passages matching “espionage” per year, 2019–2024: 2019 1, 2020 0, 2021 3, 2022 0, 2023 0, 2024 1',
    );
  });
});
