/** A line chart as plain SVG (no script, no fonts fetched), for the self-contained HTML reports. */
import { h, type SafeHtml } from './html';

export interface ChartSeries {
  name: string;
  color: string;
  points: [number, number][];
}

const W = 720;
const H = 240;
const PAD = { left: 56, right: 16, top: 12, bottom: 32 };

/** Round tick steps (1, 2, 5 × 10^n) from 0 to the first at or above `max`; whole numbers only when asked. */
export function ticks(max: number, count = 5, whole = false): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  if (whole) step = Math.max(1, Math.round(step));
  return Array.from({ length: Math.ceil(max / step - 1e-9) + 1 }, (_, i) => +(i * step).toPrecision(12));
}

export function svgLineChart({ title, unit, series, xLabel = 'second' }: { title: string; unit: string; series: ChartSeries[]; xLabel?: string }): SafeHtml | null {
  const all = series.flatMap((s) => s.points);
  if (!all.length) return null;
  const xMin = Math.min(...all.map((p) => p[0]));
  const xMax = Math.max(...all.map((p) => p[0]), xMin + 1);
  const yTicks = ticks(Math.max(...all.map((p) => p[1])));
  const yMax = Math.max(yTicks[yTicks.length - 1], 1e-9);
  const x = (v: number) => PAD.left + ((v - xMin) / (xMax - xMin)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);
  const xTicks = ticks(xMax - xMin, 8, true).map((t) => t + xMin).filter((t) => t <= xMax);
  return h(
    'figure',
    null,
    h('figcaption', null, `${title} (${unit})`),
    h(
      'svg',
      { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': title, xmlns: 'http://www.w3.org/2000/svg' },
      yTicks.map((t) => [
        h('line', { x1: PAD.left, x2: W - PAD.right, y1: y(t), y2: y(t), stroke: '#e2e8f0' }),
        h('text', { x: PAD.left - 6, y: y(t) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#475569' }, String(t)),
      ]),
      xTicks.map((t) => h('text', { x: x(t), y: H - PAD.bottom + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#475569' }, String(t))),
      h('text', { x: W - PAD.right, y: H - 4, 'text-anchor': 'end', 'font-size': 11, fill: '#475569' }, xLabel),
      series.map((s) =>
        h('polyline', { fill: 'none', stroke: s.color, 'stroke-width': 2, points: s.points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ') }, h('title', null, s.name)),
      ),
    ),
    h('p', { class: 'legend' }, series.map((s) => h('span', null, h('i', { style: `background:${s.color}` }), ` ${s.name}`))),
  );
}
