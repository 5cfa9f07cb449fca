import { Resvg } from '@resvg/resvg-js';
import type { Trend } from '../../core/trend.js';
import { trendTitle } from './trend-text.js';

/** A bar as drawn, for tests that check the picture against the counts. */
export interface ChartBar {
  label: string;
  count: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export const CHART = { width: 800, height: 400, left: 56, right: 20, top: 48, bottom: 52 } as const;
// Mid-tones read on both Discord/Slack dark and light themes; the background stays transparent.
const GREY = '#8a8f98';
const BAR = '#3d8fd9';
const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** A zero-based axis top and tick step of 1, 2 or 5 × 10ⁿ, about five ticks. */
export function niceAxis(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const rough = max / 5;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= rough) ?? 10 * mag);
  // Headroom above the peak, so its count label stays inside the plot.
  return { top: (Math.floor(max / step) + 1) * step, step };
}

/** The chart as SVG: zero-based y axis of counts, labelled years or months, the count over each bar. */
export function trendSvg(t: Trend): { svg: string; bars: ChartBar[] } {
  const { width, height, left, right, top, bottom } = CHART;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const counts = t.buckets.map((b) => b.passages);
  const axis = niceAxis(Math.max(0, ...counts));
  const slot = plotW / Math.max(1, t.buckets.length);
  const barW = Math.max(1, slot * 0.7);
  const baseY = top + plotH;
  const bars: ChartBar[] = t.buckets.map((b, i) => {
    const h = (b.passages / axis.top) * plotH;
    return {
      label: b.label,
      count: b.passages,
      x: left + i * slot + (slot - barW) / 2,
      y: baseY - h,
      width: barW,
      height: h,
    };
  });
  // Every k-th label, so they never overlap (about 44 px per label).
  const every = Math.max(1, Math.ceil(t.buckets.length / Math.floor(plotW / 44)));
  const text = (x: number, y: number, s: string, anchor = 'middle', size = 13) =>
    `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}" text-anchor="${anchor}" fill="${GREY}">${esc(s)}</text>`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    text(left, 28, trendTitle(t), 'start', 17),
  ];
  for (let v = 0; v <= axis.top; v += axis.step) {
    const y = baseY - (v / axis.top) * plotH;
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${GREY}" stroke-opacity="${v === 0 ? 1 : 0.3}"/>`,
    );
    parts.push(text(left - 8, y + 4, String(v), 'end', 12));
  }
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${baseY}" stroke="${GREY}"/>`);
  bars.forEach((b, i) => {
    if (b.height > 0)
      parts.push(
        `<rect class="bar" data-label="${esc(b.label)}" data-count="${b.count}" x="${b.x.toFixed(2)}" y="${b.y.toFixed(2)}" width="${b.width.toFixed(2)}" height="${b.height.toFixed(2)}" fill="${BAR}"/>`,
      );
    const mid = b.x + b.width / 2;
    if (t.buckets.length <= 30 && b.count > 0) parts.push(text(mid, b.y - 5, String(b.count), 'middle', 12));
    if (i % every === 0) parts.push(text(mid, baseY + 18, b.label, 'middle', 12));
  });
  parts.push(text(left + plotW / 2, height - 8, t.unit === 'month' ? 'month' : 'year', 'middle', 12));
  parts.push(
    text(14, top + plotH / 2, 'passages', 'middle', 12).replace(
      '<text ',
      `<text transform="rotate(-90 14 ${(top + plotH / 2).toFixed(1)})" `,
    ),
  );
  parts.push('</svg>');
  return { svg: parts.join('\n'), bars };
}

/** The chart as PNG (resvg: no browser), rendered at twice the size for sharp text on high-DPI screens. */
export function trendPng(t: Trend): Buffer {
  const resvg = new Resvg(trendSvg(t).svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
