import type { JourneyMap, JourneySummary, MapEdge } from '../api/types';
import { heatLegend } from '../charts';
import { empty, field, h, select } from '../dom';
import type { PageContext } from '../page';
import { downloadPng, downloadSvg } from './export';
import { END, FlowGraph, movesBack, START } from './flow-graph';
import type { Filters } from './map-controls';
import { processPanel } from './process-panel';
import { sankeyView } from './sankey-view';
import type { GraphInput } from './simplify';

export interface FlowInput {
  ctx: PageContext;
  f: Filters;
  journey: JourneySummary;
  /** The whole map: step details for tooltips. */
  map: JourneyMap;
  /** What is drawn: the whole map, or the directly-follows graph of chosen variants. */
  source: GraphInput & { edges: MapEdge[] };
  /** flowGraph of the source: the Sankey's forward edges. */
  graph: FlowGraph;
  view: 'process' | 'sankey';
  /** Variants mode: durations per variant edge are unknown, labels show counts. */
  countsOnly: boolean;
  edgeColor(e: MapEdge): string;
  byFriction: boolean;
  nodeOutline(step: string): string | null;
  nodeExtra(step: string): Node | null;
}

/** Steps and loops past which a Sankey stops being readable: the process map is the default. */
export const SANKEY_MAX_STEPS = 15;
export const SANKEY_MAX_BACK_EDGES = 15;

/** The view the URL asks for, else the one that draws this graph well. */
export function chosenView(f: Filters, g: FlowGraph): 'process' | 'sankey' {
  return f.view === 'process' || f.view === 'sankey' ? f.view : defaultView(g);
}

export function defaultView(g: FlowGraph): 'process' | 'sankey' {
  const steps = g.order.filter((st) => st !== START && st !== END).length;
  const loops = g.back.filter((e) => movesBack(e) > 0).length;
  return steps > SANKEY_MAX_STEPS || loops > SANKEY_MAX_BACK_EDGES ? 'process' : 'sankey';
}

/** The flow panel: a view switch, then the process map (with its sliders) or the Sankey. */
export function flowPanel(flow: HTMLElement, inp: FlowInput): void {
  const { f, ctx, graph, view } = inp;
  const viewSel = select(
    [
      { value: 'process', label: 'Process map' },
      { value: 'sankey', label: 'Sankey (forward flow)' },
    ],
    view,
  );
  viewSel.id = 'map-view';
  viewSel.addEventListener('change', () =>
    ctx.go({ page: 'map', params: { ...f, view: viewSel.value } }, true),
  );
  const holder = h('div', { class: 'map-holder' });
  const exportNote = h('span', { class: 'hint', 'aria-live': 'polite' });
  const svgOf = () => holder.querySelector<SVGSVGElement>('svg.process-map, svg.sankey');
  const name = `${f.journey}-${view === 'process' ? 'process-map' : 'sankey'}`;
  const exporter = (kind: 'SVG' | 'PNG') =>
    h(
      'button',
      {
        type: 'button',
        class: `export-${kind.toLowerCase()}`,
        onclick: () => {
          const svg = svgOf();
          if (!svg) return;
          exportNote.textContent = '';
          Promise.resolve(kind === 'SVG' ? downloadSvg(svg, name) : downloadPng(svg, name)).catch(
            (err: unknown) =>
              (exportNote.textContent = `The ${kind} could not be made (${(err as Error).message}).`),
          );
        },
      },
      `Download ${kind}`,
    );
  const bar = h('div', { class: 'flow-bar' }, field('View', viewSel));
  flow.append(bar);

  const legend = inp.byFriction
    ? heatLegend('Friction severity at the target step', 'none', 'worst')
    : heatLegend('Median time of the transition', 'fast', 'slow');

  if (view === 'sankey') {
    bar.append(exporter('SVG'), exporter('PNG'), exportNote);
    flow.append(legend, holder);
    if (graph.forward.length === 0)
      holder.append(
        empty('Nothing to draw as a flow: in this range every move repeats a step or goes back.'),
      );
    else
      holder.append(
        sankeyView(graph, inp.map.nodes, {
          width: Math.max(480, flow.clientWidth - 26 || 900),
          stages: inp.journey.definition?.stages.map((st) => st.name) ?? [],
          edgeColor: inp.edgeColor,
          nodeExtra: inp.nodeExtra,
        }),
      );
    return;
  }

  processPanel(flow, bar, holder, legend, [exporter('SVG'), exporter('PNG'), exportNote], inp);
}
