import { sankey, sankeyJustify, sankeyLinkHorizontal, SankeyLink, SankeyNode } from 'd3-sankey';
import type { MapEdge, MapNode } from '../api/types';
import { channelMix, facts } from '../charts';
import { category, heat, NEUTRAL } from '../colors';
import { h, s } from '../dom';
import { duration, num, pct } from '../format';
import { withTooltip } from '../tooltip';
import { END, FlowGraph, START, stepLabel } from './flow-graph';

type N = { id: string };
type L = { edge: MapEdge };

const COLUMN_MIN = 130;

export interface SankeyOptions {
  width: number;
  stages: readonly string[];
  /** An edge's colour (the caller's scale: median time or friction). */
  edgeColor(edge: MapEdge): string;
  /** Extra lines for a node's tooltip (friction points at the step). */
  nodeExtra?(step: string): Node | null;
}

/**
 * The forward flow of a journey map as a Sankey diagram: nodes are steps (height = touchpoints
 * flowing through), links are transitions (width = count). Nodes and links are focusable and show
 * the same details on hover and on keyboard focus.
 */
export function sankeyView(
  graph: FlowGraph,
  nodes: readonly MapNode[],
  opts: SankeyOptions,
): SVGSVGElement {
  const used = new Set(graph.forward.flatMap((e) => [e.from, e.to]));
  const ids = graph.order.filter((step) => used.has(step));
  const height = Math.max(320, Math.min(640, 60 + ids.length * 34));
  const data = () => ({
    nodes: ids.map((id) => ({ id })),
    links: graph.forward.map((edge) => ({
      source: edge.from,
      target: edge.to,
      value: edge.count,
      edge,
    })),
  });
  const layout = (width: number) =>
    sankey<N, L>()
      .nodeId((d) => d.id)
      .nodeAlign(sankeyJustify)
      .nodeWidth(14)
      .nodePadding(18)
      .extent([
        [4, 8],
        [width - 4, height - 8],
      ])(data());
  // Labels need room between columns: a long journey is drawn wider, and the stylesheet scales the
  // svg down to its panel (max-width: 100%), so no step ends up hidden under the side panel.
  let width = opts.width;
  let graphData = layout(width);
  const columns = Math.max(...graphData.nodes.map((n) => n.depth ?? 0)) + 1;
  if (columns * COLUMN_MIN > width) graphData = layout((width = columns * COLUMN_MIN));
  const nodeByStep = new Map(nodes.map((n) => [n.step, n]));
  const path = sankeyLinkHorizontal<N, L>();

  const links = s('g', { class: 'links', 'aria-label': 'Transitions' });
  for (const link of [...graphData.links].sort((a, b) => b.value - a.value)) {
    const e = link.edge;
    const label = `${stepLabel(e.from)} to ${stepLabel(e.to)}: ${num(e.count)} moves, median ${duration(e.medianMs)}, p90 ${duration(e.p90Ms)}`;
    const el = s('path', {
      class: 'link',
      d: path(link as SankeyLink<N, L>) ?? '',
      stroke: opts.edgeColor(e),
      'stroke-width': Math.max(1, link.width ?? 1),
      tabindex: 0,
      role: 'img',
      'aria-label': label,
      'data-from': e.from,
      'data-to': e.to,
      'data-count': e.count,
    });
    withTooltip(el, () => edgeTip(e, nodeByStep.get(e.to)));
    links.append(el);
  }

  const nodeGroup = s('g', { class: 'nodes', 'aria-label': 'Steps' });
  for (const node of graphData.nodes as SankeyNode<N, L>[]) {
    const data = nodeByStep.get(node.id);
    const x0 = node.x0 ?? 0;
    const x1 = node.x1 ?? 0;
    const y0 = node.y0 ?? 0;
    const y1 = node.y1 ?? 0;
    const marker = node.id === START || node.id === END;
    const fill = marker ? NEUTRAL : category(data?.stage ?? '', opts.stages);
    const failures = data && data.count > 0 ? data.failures / data.count : 0;
    const label = data
      ? `${node.id}: ${num(data.count)} touchpoints, ${num(data.customers)} customers, ${num(data.failures)} failed`
      : `${stepLabel(node.id)}: ${num(node.value ?? 0)} instances`;
    const g = s(
      'g',
      { class: 'node', tabindex: 0, role: 'img', 'aria-label': label, 'data-step': node.id },
      s('rect', { x: x0, y: y0, width: x1 - x0, height: Math.max(1, y1 - y0), fill }),
      failures > 0
        ? s('rect', {
            class: 'failure-share',
            x: x0,
            y: y0,
            width: x1 - x0,
            height: Math.max(1, (y1 - y0) * failures),
          })
        : null,
      s(
        'text',
        {
          x: x0 < width / 2 ? x1 + 6 : x0 - 6,
          y: (y0 + y1) / 2,
          'text-anchor': x0 < width / 2 ? 'start' : 'end',
        },
        s('tspan', { x: x0 < width / 2 ? x1 + 6 : x0 - 6, dy: '-0.2em' }, stepLabel(node.id)),
        s(
          'tspan',
          { class: 'count', x: x0 < width / 2 ? x1 + 6 : x0 - 6, dy: '1.15em' },
          num(data?.count ?? node.value ?? 0),
        ),
      ),
    );
    withTooltip(g, () => nodeTip(node.id, data, opts.nodeExtra?.(node.id) ?? null));
    nodeGroup.append(g);
  }

  return s(
    'svg',
    {
      class: 'sankey',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'group',
      'aria-label': `Flow of ${ids.length} steps and ${graph.forward.length} transitions`,
    },
    links,
    nodeGroup,
  );
}

function edgeTip(e: MapEdge, target: MapNode | undefined): Node {
  return h(
    'div',
    {},
    h('strong', {}, `${stepLabel(e.from)} → ${stepLabel(e.to)}`),
    facts([
      ['Moves', num(e.count)],
      ['Journeys', num(e.instances)],
      ['Median time', duration(e.medianMs)],
      ['p90 time', duration(e.p90Ms)],
    ]),
    target
      ? [h('p', { class: 'tip-sub' }, `Channels at ${target.step}`), channelMix(target.channels)]
      : null,
  );
}

export function nodeTip(step: string, n: MapNode | undefined, extra: Node | null): Node {
  if (!n) return h('div', {}, h('strong', {}, stepLabel(step)));
  return h(
    'div',
    {},
    h('strong', {}, step),
    facts([
      ['Stage', n.stage ?? '–'],
      ['Touchpoints', num(n.count)],
      ['Customers', num(n.customers)],
      ['Failed', `${num(n.failures)} (${pct(n.count ? n.failures / n.count : 0)})`],
    ]),
    h('p', { class: 'tip-sub' }, 'Channel mix'),
    channelMix(n.channels),
    extra,
  );
}

/** Colour of an edge by its median time, on a log scale over the drawn edges' medians. */
export function timeColor(edges: readonly MapEdge[]): (e: MapEdge) => string {
  const medians = edges.map((e) => e.medianMs ?? 0).filter((m) => m > 0);
  const lo = Math.min(...medians);
  const hi = Math.max(...medians);
  return (e) => {
    if (!e.medianMs || e.medianMs <= 0 || !(hi > lo)) return NEUTRAL;
    return heat((Math.log(e.medianMs) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)));
  };
}
