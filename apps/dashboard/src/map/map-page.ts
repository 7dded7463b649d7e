import { ApiError } from '../api/client';
import type { FrictionPoint, JourneyMap, JourneySummary, MapEdge } from '../api/types';
import { heat, NEUTRAL } from '../colors';
import { clear, empty, failure, h, loading } from '../dom';
import { frictionLabel, num, pct, words } from '../format';
import { aborted, Page, PageContext } from '../page';
import { backEdgesView } from './back-edges-view';
import { flowGraph } from './flow-graph';
import { chosenView, flowPanel } from './flow-panel';
import { controls, Filters, filtersOf, goTo, otherGraph } from './map-controls';
import { chosenVariants, frictionsByStep, mapFrictions, VariantChoice } from './map-data';
import { funnelView, summaryView } from './funnel-view';
import { timeColor } from './sankey-view';
import { switchesView, transitionsTable } from './transitions-table';
import { variantGraph } from './variant-graph';
import { variantsPanel } from './variants-view';

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
  const filters = filtersOf(p, journey.journey);
  body.append(controls(journeys, filters, ctx));
  const result = h(
    'div',
    { class: 'map-result', 'aria-live': 'polite' },
    loading('the journey map'),
  );
  body.append(result);
  await drawMap(result, journey, filters, ctx);
};

async function drawMap(
  out: HTMLElement,
  journey: JourneySummary,
  f: Filters,
  ctx: PageContext,
): Promise<void> {
  const range = { from: f.from || undefined, to: f.to || undefined };
  const scope = { ...range, channel: f.channel || undefined };
  let map: JourneyMap;
  let frictions: FrictionPoint[] | null = null;
  let choice: VariantChoice | null = null;
  let frictionNote = '';
  try {
    [map, frictions, choice] = await Promise.all([
      ctx.api.journeyMap(f.journey, scope, ctx.signal),
      f.color === 'friction'
        ? mapFrictions(ctx.api, f.journey, scope, ctx.signal).catch((err: unknown) => {
            if (aborted(err)) throw err;
            frictionNote =
              err instanceof ApiError && err.status === 404
                ? 'Friction points are not available on this server yet: transitions are coloured by median time.'
                : `Friction points could not be loaded (${(err as Error).message}): transitions are coloured by median time.`;
            return null;
          })
        : Promise.resolve(null),
      chosenVariants(ctx.api, f.journey, scope, f, ctx.signal),
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
  const atStep = frictionsByStep(frictions ?? []);
  const maxSeverity = Math.max(0, ...[...atStep.values()].map((v) => v.severity));
  const byFriction = frictions !== null;
  const severityColor = (step: string) =>
    atStep.has(step) && maxSeverity > 0
      ? heat(0.15 + (0.85 * atStep.get(step)!.severity) / maxSeverity)
      : null;
  const graph = flowGraph(map.nodes, map.edges, journey.definition);
  const edgeColor = byFriction
    ? (e: MapEdge) => severityColor(e.to) ?? NEUTRAL
    : timeColor(graph.forward);

  const chosen = choice && 'variants' in choice ? choice : null;
  const source = chosen ? variantGraph(chosen.variants) : { nodes: map.nodes, edges: map.edges };
  const flow = h('section', { class: 'map-flow', 'aria-label': 'Flow' });
  const side = h(
    'aside',
    { class: 'map-side' },
    h('div', {}, h('h2', {}, 'Stage funnel'), funnelView(map)),
  );
  const drawn = chosen ? flowGraph(map.nodes, source.edges, journey.definition) : graph;
  const view = chosenView(f, drawn);
  // The process map takes the page's width: a long journey laid out left to right needs it.
  const grid = h('div', { class: `map-grid${view === 'process' ? ' wide' : ''}` }, flow, side);
  out.append(summaryView(map), grid);
  if (frictionNote) flow.append(h('p', { class: 'note' }, frictionNote));
  if (choice && 'note' in choice) flow.append(h('p', { class: 'note' }, choice.note));
  if (chosen) {
    const journeys = chosen.variants.reduce((t, v) => t + v.count, 0);
    flow.append(
      h(
        'p',
        { class: 'note variant-filter' },
        `Drawn: ${chosen.label}, ${num(journeys)} of ${num(chosen.closedInstances)} closed journeys (${pct(chosen.closedInstances ? journeys / chosen.closedInstances : 0)}). `,
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => goTo(ctx, f, { ...otherGraph, variant: '', variants: '' }),
          },
          'Draw all journeys',
        ),
      ),
    );
  }
  flowPanel(flow, {
    graph: drawn,
    view,
    ctx,
    f,
    journey,
    map,
    source,
    countsOnly: chosen !== null,
    edgeColor,
    byFriction,
    nodeOutline: (step) => (byFriction ? severityColor(step) : null),
    nodeExtra: (step) => {
      const here = atStep.get(step);
      return here
        ? h(
            'p',
            { class: 'tip-sub bad' },
            here.points
              .map((p) => `${frictionLabel(p.type)} on ${words(p.channel)}: ${num(p.occurrences)}`)
              .join('; '),
          )
        : null;
    },
  });
  side.append(h('div', {}, h('h2', {}, 'Channel switches'), switchesView(map)));
  out.append(variantsPanel(ctx, f, scope), backEdgesView(graph, map), transitionsTable(graph));
}
