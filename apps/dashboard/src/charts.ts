import { channelColor, CHANNEL_ORDER, heat } from './colors';
import { h, s } from './dom';
import { num, pct, words } from './format';

/** A stacked bar of a channel mix with its legend (counts and shares). */
export function channelMix(channels: Record<string, number>): HTMLElement {
  const entries = Object.entries(channels)
    .filter(([, n]) => n > 0)
    .sort((a, b) => CHANNEL_ORDER.indexOf(a[0]) - CHANNEL_ORDER.indexOf(b[0]));
  const total = entries.reduce((t, [, n]) => t + n, 0);
  if (total === 0) return h('p', { class: 'hint' }, 'No channel data');
  const bar = h('div', { class: 'mix-bar', 'aria-hidden': 'true' });
  for (const [channel, n] of entries) {
    const seg = h('span', {});
    seg.style.width = `${(n / total) * 100}%`;
    seg.style.background = channelColor(channel);
    bar.append(seg);
  }
  return h(
    'div',
    { class: 'mix' },
    bar,
    h(
      'ul',
      { class: 'mix-legend' },
      entries.map(([channel, n]) => {
        const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
        dot.style.background = channelColor(channel);
        return h('li', {}, dot, `${words(channel)} ${num(n)} (${pct(n / total)})`);
      }),
    ),
  );
}

/** A colour legend of the heat ramp, low to high. */
export function heatLegend(label: string, low: string, high: string): HTMLElement {
  const ramp = h('span', { class: 'ramp', 'aria-hidden': 'true' });
  ramp.style.background = `linear-gradient(to right, ${[0, 0.2, 0.4, 0.6, 0.8, 1].map(heat).join(', ')})`;
  return h(
    'div',
    { class: 'legend' },
    h('span', {}, label),
    h('span', { class: 'hint' }, low),
    ramp,
    h('span', { class: 'hint' }, high),
  );
}

/** A tiny line of daily counts, with its values in its accessible name. */
export function sparkline(
  points: { day: string; occurrences: number }[],
  width = 96,
  height = 24,
): SVGSVGElement {
  const max = Math.max(1, ...points.map((p) => p.occurrences));
  const step = points.length > 1 ? (width - 2) / (points.length - 1) : 0;
  const xy = points.map((p, i) => [
    1 + i * step,
    height - 2 - (p.occurrences / max) * (height - 4),
  ]);
  const first = points[0]?.day ?? '';
  const last = points[points.length - 1]?.day ?? '';
  const total = points.reduce((t, p) => t + p.occurrences, 0);
  return s(
    'svg',
    {
      class: 'sparkline',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': points.length
        ? `${num(total)} occurrences from ${first} to ${last}, at most ${num(max)} a day`
        : 'no trend data',
    },
    xy.length > 1
      ? s('polyline', {
          points: xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '),
          fill: 'none',
          stroke: 'currentColor',
          'stroke-width': 1.5,
        })
      : null,
    xy.length > 0
      ? s('circle', {
          cx: xy[xy.length - 1][0],
          cy: xy[xy.length - 1][1],
          r: 2,
          fill: 'currentColor',
        })
      : null,
  );
}

/** Key/value rows for tooltips and panels. */
export function facts(rows: [string, string | Node][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}
