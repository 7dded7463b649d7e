import type { CustomerJourney, FrictionOccurrence } from '../api/types';
import { facts } from '../charts';
import { channelColor } from '../colors';
import { h, s } from '../dom';
import { dateTime, duration, frictionLabel, words } from '../format';
import { occurrenceSummary } from '../frictions/describe';
import { withTooltip } from '../tooltip';

const LABEL = 190;
const LANE = 44;
const TOP = 28;

/**
 * Every journey of one customer on a shared time axis, one lane each: touchpoints as dots coloured
 * by channel (failed ones ringed red), friction occurrences as red triangles above the lane,
 * feedback as yellow diamonds below it. Every mark is focusable and explains itself.
 */
export function timelineView(
  journeys: CustomerJourney[],
  frictions: FrictionOccurrence[],
  width: number,
): SVGSVGElement {
  const lanes = [...journeys].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const times = lanes.flatMap((j) => [
    Date.parse(j.startedAt),
    Date.parse(j.lastActivityAt),
    ...j.feedback.map((f) => Date.parse(f.occurredAt)),
  ]);
  for (const f of frictions) times.push(Date.parse(f.occurredAt));
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  const pad = Math.max((t1 - t0) * 0.03, 3_600_000);
  t0 -= pad;
  t1 += pad;
  const plot = width - LABEL - 16;
  const x = (t: number) => LABEL + ((t - t0) / (t1 - t0)) * plot;
  const height = TOP + lanes.length * LANE + 8;
  const svg = s('svg', {
    class: 'timeline',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'group',
    'aria-label': `Timeline of ${lanes.length} journeys`,
  });

  const axis = s('g', { class: 'axis', 'aria-hidden': 'true' });
  for (let i = 0; i <= 6; i++) {
    const t = t0 + ((t1 - t0) * i) / 6;
    axis.append(
      s('line', { x1: x(t), x2: x(t), y1: TOP - 6, y2: height - 4 }),
      s(
        'text',
        { x: x(t), y: 14, 'text-anchor': 'middle' },
        new Date(t)
          .toISOString()
          .slice(t1 - t0 > 3 * 86_400_000 ? 0 : 5, t1 - t0 > 3 * 86_400_000 ? 10 : 16)
          .replace('T', ' '),
      ),
    );
  }
  svg.append(axis);

  lanes.forEach((j, i) => {
    const y = TOP + i * LANE + LANE / 2;
    const lane = s('g', { class: 'lane', 'data-instance': j.instanceId });
    lane.append(s('text', { class: 'lane-label', x: 4, y: y + 4 }, `${j.journey} · ${j.status}`));
    const first = Date.parse(j.steps[0]?.occurredAt ?? j.startedAt);
    const last = Date.parse(j.steps[j.steps.length - 1]?.occurredAt ?? j.lastActivityAt);
    lane.append(
      s('line', { class: 'span', x1: x(first), x2: Math.max(x(last), x(first) + 1), y1: y, y2: y }),
    );
    for (const st of j.steps) {
      const failed = st.outcome === 'failure';
      const dot = s('circle', {
        class: 'touchpoint',
        cx: x(Date.parse(st.occurredAt)),
        cy: y,
        r: 5,
        fill: channelColor(st.channel),
        stroke: failed ? 'var(--bad)' : '#fff',
        'stroke-width': failed ? 2.5 : 1,
        tabindex: 0,
        role: 'img',
        'aria-label': `${st.step} on ${words(st.channel)}, ${st.outcome}, ${dateTime(st.occurredAt)}`,
      });
      withTooltip(dot, () =>
        h(
          'div',
          {},
          h('strong', {}, `${st.step}`),
          facts([
            ['Channel', words(st.channel)],
            ['Outcome', st.outcome],
            ['When', dateTime(st.occurredAt)],
            ['After previous', duration(st.sincePreviousMs)],
            ['Journey', `${j.journey} (${j.status})`],
          ]),
        ),
      );
      lane.append(dot);
    }
    for (const f of frictions.filter(
      (o) => o.instanceId === j.instanceId && o.journey === j.journey,
    )) {
      const fx = x(Date.parse(f.occurredAt));
      const mark = s('path', {
        class: 'friction',
        d: `M${fx},${y - 9} l-6,-10 h12 z`,
        tabindex: 0,
        role: 'img',
        'aria-label': `Friction: ${frictionLabel(f.type)} at ${f.step}, ${dateTime(f.occurredAt)}`,
        'data-friction': f.id,
      });
      withTooltip(mark, () =>
        h(
          'div',
          {},
          h('strong', { class: 'bad' }, frictionLabel(f.type)),
          facts([
            ['Step', f.step],
            ['Channel', words(f.channel)],
            ['When', dateTime(f.occurredAt)],
            ['What', occurrenceSummary(f)],
          ]),
        ),
      );
      lane.append(mark);
    }
    for (const fb of j.feedback) {
      const fx = x(Date.parse(fb.occurredAt));
      const mark = s('path', {
        class: 'feedback',
        d: `M${fx},${y + 8} l6,7 l-6,7 l-6,-7 z`,
        tabindex: 0,
        role: 'img',
        'aria-label': `Feedback: ${fb.kind.toUpperCase()} ${fb.score}, ${dateTime(fb.occurredAt)}`,
        'data-feedback': fb.feedbackId,
      });
      withTooltip(mark, () =>
        h(
          'div',
          {},
          h('strong', {}, `${fb.kind.toUpperCase()} ${fb.score}`),
          fb.comment ? h('p', {}, `“${fb.comment}”`) : null,
          h('p', { class: 'tip-sub' }, dateTime(fb.occurredAt)),
        ),
      );
      lane.append(mark);
    }
    svg.append(lane);
  });
  return svg;
}
