// The process map (a directly-follows graph): dagre lays it out (process-layout.ts), d3-zoom pans
// and zooms it (the library handles wheel, drag, touch, double-click and their edge cases;
// a hand-written version would not), the rest is plain SVG.
import { select } from 'd3-selection';
import { zoom, ZoomBehavior, zoomIdentity } from 'd3-zoom';
import { blues, NEUTRAL } from '../colors';
import { s } from '../dom';
import { num } from '../format';
import { withTooltip } from '../tooltip';
import { END, START, stepLabel } from './flow-graph';
import { allSimultaneous, EdgeLabel, edgeText, edgeTip } from './process-edges';
import { layoutProcessMap, NODE_HEIGHT, smoothPath } from './process-layout';
import type { ShownEdge, Simplified } from './simplify';

export type { EdgeLabel };

export interface ProcessMapOptions {
  label: EdgeLabel;
  /** Frequency of each step (touchpoints), for its fill. */
  frequency(step: string): number;
  edgeColor(e: ShownEdge): string;
  /** Outline of a step (friction severity), or null. */
  nodeOutline?(step: string): string | null;
  nodeTip(step: string): Node;
}

export interface ProcessMapView {
  svg: SVGSVGElement;
  /** Scales and centres the whole map in its box; also called once when first shown. */
  fitToView(): void;
  /** Zooms by a factor around the centre (the buttons' way, for keyboard and touch users). */
  zoomBy(k: number): void;
}

const MAX_LABEL = 26;
const short = (step: string) => {
  const l = stepLabel(step);
  return l.length > MAX_LABEL ? `${l.slice(0, MAX_LABEL - 1)}…` : l;
};

export function processMapView(sim: Simplified, opts: ProcessMapOptions): ProcessMapView {
  const started = performance.now();
  const layout = layoutProcessMap(sim.steps, sim.edges, (st) =>
    Math.max(64, 16 + 7 * short(st).length),
  );
  const maxWeight = Math.max(1, ...sim.edges.map((e) => e.weight));
  const maxFreq = Math.max(1, ...sim.steps.map((st) => opts.frequency(st)));

  const edgeGroup = s('g', { class: 'edges', 'aria-label': 'Transitions' });
  const labelGroup = s('g', { class: 'edge-labels', 'aria-hidden': 'true' });
  for (const l of [...layout.edges].sort((a, b) => a.edge.weight - b.edge.weight)) {
    const e = l.edge;
    const kind = e.count === 0 ? 'indirect' : allSimultaneous(e) ? 'simultaneous' : 'direct';
    const path = s('path', {
      class: `edge ${kind}${l.back ? ' back' : ''}`,
      d: smoothPath(l.points),
      stroke: opts.edgeColor(e),
      'stroke-width': (1 + 9 * Math.sqrt(e.weight / maxWeight)).toFixed(1),
      'marker-end': 'url(#pm-arrow)',
      tabindex: 0,
      role: 'img',
      'aria-label': `${stepLabel(e.from)} to ${stepLabel(e.to)}: ${edgeText(e, 'count')} moves`,
      'data-from': e.from,
      'data-to': e.to,
      'data-count': Math.round(e.weight),
      'data-kind': kind,
    });
    withTooltip(path, () => edgeTip(e));
    edgeGroup.append(path);
    labelGroup.append(
      s(
        'text',
        { x: l.label.x, y: l.label.y + 4, 'text-anchor': 'middle' },
        edgeText(e, opts.label),
      ),
    );
  }

  const nodeGroup = s('g', { class: 'nodes', 'aria-label': 'Steps' });
  for (const n of layout.nodes) {
    const marker = n.step === START || n.step === END;
    const t = Math.sqrt(opts.frequency(n.step) / maxFreq);
    const outline = opts.nodeOutline?.(n.step) ?? null;
    const g = s(
      'g',
      {
        class: `node${marker ? ' marker' : ''}${t > 0.55 ? ' dark' : ''}`,
        transform: `translate(${(n.x - n.width / 2).toFixed(1)},${(n.y - n.height / 2).toFixed(1)})`,
        tabindex: 0,
        role: 'img',
        'aria-label': `${stepLabel(n.step)}: ${num(opts.frequency(n.step))}`,
        'data-step': n.step,
      },
      s('rect', {
        width: n.width,
        height: NODE_HEIGHT,
        rx: marker ? NODE_HEIGHT / 2 : 6,
        fill: marker ? NEUTRAL : blues(0.1 + 0.9 * t),
        stroke: outline ?? '#7a8896',
        'stroke-width': outline ? 3 : 1,
      }),
      s('text', { x: n.width / 2, y: 16, 'text-anchor': 'middle' }, short(n.step)),
      marker
        ? null
        : s(
            'text',
            { class: 'count', x: n.width / 2, y: 30, 'text-anchor': 'middle' },
            num(opts.frequency(n.step)),
          ),
    );
    withTooltip(g, () => opts.nodeTip(n.step));
    nodeGroup.append(g);
  }

  const viewport = s('g', { class: 'viewport' }, edgeGroup, labelGroup, nodeGroup);
  const svg = s(
    'svg',
    {
      class: 'process-map',
      role: 'group',
      'aria-label': `Process map of ${sim.steps.length} steps and ${sim.edges.length} transitions`,
      'data-graph-width': layout.width.toFixed(1),
      'data-graph-height': layout.height.toFixed(1),
    },
    s(
      'defs',
      {},
      s(
        'marker',
        {
          id: 'pm-arrow',
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 9,
          markerHeight: 9,
          markerUnits: 'userSpaceOnUse',
          orient: 'auto',
        },
        s('path', { d: 'M0,0L10,5L0,10z', fill: '#5b6670' }),
      ),
    ),
    viewport,
  );
  const zoomer: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.05, 4])
    .on('zoom', (ev: { transform: { toString(): string } }) =>
      viewport.setAttribute('transform', ev.transform.toString()),
    );
  select(svg).call(zoomer);
  let measured = false;
  let sized = false;
  const fitToView = () => {
    if (!sized) {
      // As tall as the map needs at the width's scale (a long journey is flat), within bounds.
      sized = true;
      const w = svg.getBoundingClientRect().width;
      const want = layout.height * Math.min(1.5, (w - 32) / Math.max(1, layout.width)) + 32;
      svg.style.height = `${Math.round(Math.min(window.innerHeight * 0.7, Math.max(360, want)))}px`;
    }
    const box = svg.getBoundingClientRect();
    const pad = 16;
    const k = Math.min(
      1.5,
      (box.width - 2 * pad) / Math.max(1, layout.width),
      (box.height - 2 * pad) / Math.max(1, layout.height),
    );
    zoomer.scaleExtent([Math.min(0.05, k), 4]);
    const tx = (box.width - layout.width * k) / 2;
    const ty = (box.height - layout.height * k) / 2;
    select(svg).call(zoomer.transform, zoomIdentity.translate(tx, ty).scale(k));
    if (!measured) {
      measured = true;
      // Layout, DOM and the first fit (which forces the browser's style and layout pass).
      svg.setAttribute('data-render-ms', (performance.now() - started).toFixed(1));
    }
  };
  return { svg, fitToView, zoomBy: (k) => select(svg).call(zoomer.scaleBy, k) };
}
