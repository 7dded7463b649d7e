import { ApiError } from '../api/client';
import type { FrictionPoint, JourneyMap, JourneySummary, MapEdge } from '../api/types';
import { heatLegend } from '../charts';
import { CHANNEL_ORDER, heat, NEUTRAL } from '../colors';
import { clear, empty, failure, field, h, loading, select } from '../dom';
import { day, duration, frictionLabel, num, pct, words } from '../format';
import { aborted, Page, PageContext } from '../page';
import { flowGraph, FlowGraph, stepLabel } from './flow-graph';
import { funnelView, summaryView } from './funnel-view';
import { sankeyView, timeColor } from './sankey-view';

const DAY_MS = 86_400_000;

export const mapPage: Page = async (root, ctx) => {
  root.append(h('h1', {}, 'Journey map'));
  const body = h('div', {}, loading('journeys'));
  root.append(body);
  const journeys = await ctx.api.journeys(ctx.signal);
  clear(body);
  if (journeys.length === 0) {
    body.append(
      empty(
        'No journeys yet.',
        'Post touchpoints to /v1/touchpoints, or load the demo data with `npm run seed:demo`.',
      ),
    );
    return;
  }
  const p = ctx.route.params;
  const busiest = [...journeys].sort((a, b) => b.instances.total - a.instances.total)[0];
  const journey = journeys.find((j) => j.journey === p.journey) ?? busiest;
  const filters = {
    journey: journey.journey,
    from: p.from ?? '',
    to: p.to ?? '',
    channel: p.channel ?? '',
    color: p.color ?? 'friction',
  };
  body.append(controls(journeys, filters, ctx));
  const result = h(
    'div',
    { class: 'map-result', 'aria-live': 'polite' },
    loading('the journey map'),
  );
  body.append(result);
  await drawMap(result, journey, filters, ctx);
};

type Filters = { journey: string; from: string; to: string; channel: string; color: string };

function controls(journeys: JourneySummary[], f: Filters, ctx: PageContext): HTMLElement {
  const go = (change: Partial<Filters>) =>
    ctx.go({ page: 'map', params: { ...f, ...change } }, true);
  const journeySel = select(
    journeys.map((j) => ({ value: j.journey, label: `${j.journey} (${num(j.instances.total)})` })),
    f.journey,
  );
  journeySel.id = 'map-journey';
  journeySel.addEventListener('change', () => go({ journey: journeySel.value }));
  const from = h('input', { type: 'date', id: 'map-from', value: f.from });
  const to = h('input', { type: 'date', id: 'map-to', value: f.to });
  from.addEventListener('change', () => go({ from: from.value }));
  to.addEventListener('change', () => go({ to: to.value }));
  const channel = select(
    [
      { value: '', label: 'All channels' },
      ...CHANNEL_ORDER.map((c) => ({ value: c, label: words(c) })),
    ],
    f.channel,
  );
  channel.id = 'map-channel';
  channel.addEventListener('change', () => go({ channel: channel.value }));
  const color = select(
    [
      { value: 'friction', label: 'Friction at the step' },
      { value: 'time', label: 'Median time' },
    ],
    f.color,
  );
  color.id = 'map-color';
  color.addEventListener('change', () => go({ color: color.value }));
  const today = Date.now();
  const preset = (label: string, days: number | null) =>
    h(
      'button',
      {
        type: 'button',
        class: 'chip',
        onclick: () =>
          go(
            days === null
              ? { from: '', to: '' }
              : { from: day(today - (days - 1) * DAY_MS), to: day(today) },
          ),
      },
      label,
    );
  return h(
    'form',
    { class: 'filters', 'aria-label': 'Map filters', onsubmit: (e: Event) => e.preventDefault() },
    field('Journey', journeySel),
    field('From', from),
    field('To', to),
    field('Channel', channel),
    field('Colour transitions by', color),
    h(
      'div',
      { class: 'presets', role: 'group', 'aria-label': 'Date presets' },
      preset('7 days', 7),
      preset('30 days', 30),
      preset('90 days', 90),
      preset('All time', null),
    ),
  );
}

async function drawMap(
  out: HTMLElement,
  journey: JourneySummary,
  f: Filters,
  ctx: PageContext,
): Promise<void> {
  const range = { from: f.from || undefined, to: f.to || undefined };
  let map: JourneyMap;
  let frictions: FrictionPoint[] | null = null;
  let frictionNote = '';
  try {
    [map, frictions] = await Promise.all([
      ctx.api.journeyMap(f.journey, { ...range, channel: f.channel || undefined }, ctx.signal),
      f.color === 'friction'
        ? ctx.api
            .frictionPoints(
              { journey: f.journey, channel: f.channel, ...range, sort: 'severity', limit: 200 },
              ctx.signal,
            )
            .then((r) => r.frictionPoints)
            .catch((err: unknown) => {
              if (aborted(err)) throw err;
              frictionNote =
                err instanceof ApiError && err.status === 404
                  ? 'Friction points are not available on this server yet: transitions are coloured by median time.'
                  : `Friction points could not be loaded (${(err as Error).message}): transitions are coloured by median time.`;
              return null;
            })
        : Promise.resolve(null),
    ]);
  } catch (err) {
    if (aborted(err)) return;
    out.replaceChildren(failure(err, () => void drawMap(out, journey, f, ctx)));
    return;
  }
  clear(out);
  if (map.nodes.length === 0) {
    out.append(
      empty(
        `No touchpoints of "${f.journey}" in this range${f.channel ? ` on ${words(f.channel)}` : ''}.`,
        'Widen the dates or choose all channels.',
      ),
    );
    return;
  }
  const graph = flowGraph(map.nodes, map.edges, journey.definition);
  const stages = journey.definition?.stages.map((st) => st.name) ?? [];
  const atStep = frictionsByStep(frictions ?? []);
  const maxSeverity = Math.max(0, ...[...atStep.values()].map((v) => v.severity));
  const byFriction = frictions !== null;
  const edgeColor = byFriction
    ? (e: MapEdge) =>
        atStep.has(e.to) && maxSeverity > 0
          ? heat(0.15 + (0.85 * atStep.get(e.to)!.severity) / maxSeverity)
          : NEUTRAL
    : timeColor(graph.forward);
  const flow = h('section', { class: 'map-flow', 'aria-label': 'Flow' });
  const side = h('aside', { class: 'map-side' }, h('h2', {}, 'Stage funnel'), funnelView(map));
  out.append(summaryView(map), h('div', { class: 'map-grid' }, flow, side));
  if (frictionNote) flow.append(h('p', { class: 'note' }, frictionNote));
  flow.append(
    byFriction
      ? heatLegend('Friction severity at the target step', 'none', 'worst')
      : heatLegend('Median time of the transition', 'fast', 'slow'),
  );
  const width = Math.max(640, flow.clientWidth || 900);
  if (graph.forward.length === 0) {
    flow.append(
      empty('Nothing to draw as a flow: in this range every move repeats a step or goes back.'),
    );
  } else
    flow.append(
      sankeyView(graph, map.nodes, {
        width,
        stages,
        edgeColor,
        nodeExtra: (step) => {
          const here = atStep.get(step);
          return here
            ? h(
                'p',
                { class: 'tip-sub bad' },
                here.points
                  .map(
                    (p) => `${frictionLabel(p.type)} on ${words(p.channel)}: ${num(p.occurrences)}`,
                  )
                  .join('; '),
              )
            : null;
        },
      }),
    );
  flow.append(backEdgesView(graph, map));
  side.append(h('h2', {}, 'Channel switches'), switchesView(map));
  out.append(transitionsTable(graph));
}

function frictionsByStep(
  points: FrictionPoint[],
): Map<string, { severity: number; points: FrictionPoint[] }> {
  const out = new Map<string, { severity: number; points: FrictionPoint[] }>();
  for (const p of points) {
    const entry = out.get(p.step) ?? out.set(p.step, { severity: 0, points: [] }).get(p.step)!;
    entry.severity += p.severity;
    entry.points.push(p);
  }
  return out;
}

function backEdgesView(graph: FlowGraph, map: JourneyMap): HTMLElement {
  const moves = map.edges.reduce((t, e) => t + e.count, 0);
  const backMoves = graph.back.reduce((t, e) => t + e.count, 0);
  const explain = h(
    'p',
    { class: 'note' },
    'A flow diagram cannot draw loops, and journeys repeat steps. Moves back to an earlier step, or to the same step again, are not drawn above: they are listed here',
    graph.back.length
      ? ` (${num(backMoves)} of ${num(moves)} moves, ${pct(moves ? backMoves / moves : 0, 1)}).`
      : ': there are none in this range.',
  );
  if (graph.back.length === 0)
    return h('section', { class: 'back-edges', 'aria-label': 'Repeats and moves back' }, explain);
  const rows = [...graph.back].sort((a, b) => b.count - a.count);
  return h(
    'section',
    { class: 'back-edges', 'aria-label': 'Repeats and moves back' },
    h('h2', {}, 'Repeats and moves back'),
    explain,
    h(
      'table',
      { class: 'data' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'From'),
          h('th', { scope: 'col' }, 'To'),
          h('th', { scope: 'col' }, 'Kind'),
          h('th', { scope: 'col', class: 'n' }, 'Moves'),
          h('th', { scope: 'col', class: 'n' }, 'Journeys'),
          h('th', { scope: 'col', class: 'n' }, 'Median'),
          h('th', { scope: 'col', class: 'n' }, 'p90'),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((e) =>
          h(
            'tr',
            { 'data-from': e.from, 'data-to': e.to, 'data-count': e.count },
            h('td', {}, stepLabel(e.from)),
            h('td', {}, stepLabel(e.to)),
            h('td', {}, e.from === e.to ? 'repeat' : 'back'),
            h('td', { class: 'n' }, num(e.count)),
            h('td', { class: 'n' }, num(e.instances)),
            h('td', { class: 'n' }, duration(e.medianMs)),
            h('td', { class: 'n' }, duration(e.p90Ms)),
          ),
        ),
      ),
    ),
  );
}

function switchesView(map: JourneyMap): HTMLElement {
  if (map.channelSwitches.length === 0)
    return h('p', { class: 'hint' }, 'No channel switches in this range.');
  const rows = [...map.channelSwitches].sort((a, b) => b.count - a.count).slice(0, 10);
  return h(
    'ul',
    { class: 'switches' },
    rows.map((sw) =>
      h(
        'li',
        {},
        h('span', {}, `${words(sw.from)} → ${words(sw.to)}`),
        h('span', { class: 'n' }, num(sw.count)),
      ),
    ),
  );
}

function transitionsTable(graph: FlowGraph): HTMLElement {
  const all = [...graph.forward, ...graph.back].sort((a, b) => b.count - a.count);
  const back = new Set(graph.back);
  return h(
    'details',
    { class: 'transitions' },
    h('summary', {}, `All ${all.length} transitions as a table`),
    h(
      'table',
      { class: 'data' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['From', 'To', 'Drawn', 'Moves', 'Journeys', 'Median', 'p90'].map((c) =>
            h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        all.map((e) =>
          h(
            'tr',
            {},
            h('td', {}, stepLabel(e.from)),
            h('td', {}, stepLabel(e.to)),
            h('td', {}, back.has(e) ? 'listed' : 'yes'),
            h('td', { class: 'n' }, num(e.count)),
            h('td', { class: 'n' }, num(e.instances)),
            h('td', { class: 'n' }, duration(e.medianMs)),
            h('td', { class: 'n' }, duration(e.p90Ms)),
          ),
        ),
      ),
    ),
  );
}
