import type { JourneyMap, JourneySummary, MapEdge } from '../api/types';
import { heatLegend } from '../charts';
import { NEUTRAL } from '../colors';
import { empty, field, h, select } from '../dom';
import { num } from '../format';
import type { PageContext } from '../page';
import { formatRoute } from '../router';
import { downloadPng, downloadSvg } from './export';
import { END, FlowGraph, START } from './flow-graph';
import type { Filters } from './map-controls';
import { processMapView } from './process-map-view';
import { sankeyView, nodeTip } from './sankey-view';
import { movesBack } from './back-edges-view';
import { defaultSliders, GraphInput, ShownEdge, simplify } from './simplify';

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

const pctOf = (v: string, fallback: number) =>
  v !== '' && Number.isFinite(Number(v))
    ? Math.min(100, Math.max(0, Math.round(Number(v))))
    : fallback;

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

  const labelSel = select(
    [
      { value: 'count', label: 'Moves' },
      { value: 'median', label: 'Median time' },
      { value: 'p90', label: 'p90 time' },
    ],
    inp.countsOnly ? 'count' : f.label,
  );
  labelSel.id = 'map-label';
  labelSel.disabled = inp.countsOnly;
  const fitButton = h('button', { type: 'button', class: 'fit' }, 'Fit');
  bar.append(
    field('Edge labels', labelSel),
    fitButton,
    exporter('SVG'),
    exporter('PNG'),
    exportNote,
  );

  const defaults = defaultSliders(inp.source);
  let acts = pctOf(f.acts, defaults.acts);
  let paths = pctOf(f.paths, defaults.paths);
  const slider = (id: string, value: number) =>
    h('input', { type: 'range', id, min: 0, max: 100, step: 1, value });
  const actsIn = slider('map-acts', acts);
  const pathsIn = slider('map-paths', paths);
  const actsOut = h('output', { for: 'map-acts' }, `${acts}%`);
  const pathsOut = h('output', { for: 'map-paths' }, `${paths}%`);
  const counts = h('p', { class: 'counts', 'aria-live': 'polite' });
  flow.append(
    h(
      'div',
      { class: 'sliders' },
      h('div', { class: 'field' }, h('label', { for: 'map-acts' }, 'Steps'), actsIn, actsOut),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'map-paths' }, 'Transitions'),
        pathsIn,
        pathsOut,
      ),
      counts,
    ),
    h(
      'p',
      { class: 'hint' },
      'Steps keeps the most frequent steps (Start and End always); a hidden step’s flow goes on to the next shown one as a dashed, estimated edge. Transitions keeps the busiest moves, never cutting a shown step off from Start or End. Dotted: every move at the same instant.',
    ),
    legend,
    holder,
  );
  if (inp.countsOnly)
    flow.append(
      h(
        'p',
        { class: 'note' },
        'Edge labels show counts only: the API keeps no durations per variant edge.',
      ),
    );

  const frequency = (step: string) => {
    if (step === START || step === END)
      return inp.source.edges.reduce(
        (t, e) => t + (e.from === step || e.to === step ? e.count : 0),
        0,
      );
    return inp.source.nodes.find((n) => n.step === step)?.count ?? 0;
  };
  const details = new Map(inp.map.nodes.map((n) => [n.step, n]));
  const draw = () => {
    const sim = simplify(inp.source, acts, paths);
    counts.textContent = `Showing ${num(sim.steps.filter((st) => st !== START && st !== END).length)} of ${num(sim.totalSteps)} steps, ${num(sim.edges.length)} of ${num(sim.totalEdges)} transitions.`;
    const v = processMapView(sim, {
      label: inp.countsOnly ? 'count' : (labelSel.value as 'count' | 'median' | 'p90'),
      frequency,
      edgeColor: (e: ShownEdge) =>
        e.edge
          ? inp.edgeColor(e.edge)
          : inp.byFriction
            ? inp.edgeColor({ ...e, instances: 0, medianMs: null, p90Ms: null })
            : NEUTRAL,
      nodeOutline: inp.nodeOutline,
      nodeTip: (step) => {
        const tip = nodeTip(step, details.get(step), inp.nodeExtra(step));
        if (inp.countsOnly && step !== START && step !== END)
          tip.appendChild(
            h('p', { class: 'tip-sub' }, `In the drawn variants: ${num(frequency(step))}`),
          );
        return tip;
      },
    });
    holder.replaceChildren(v.svg);
    v.fit();
    fitButton.onclick = () => v.fit();
  };
  // Slider state goes to the URL without a reload: the data is the same, only the drawing changes.
  const remember = () => {
    Object.assign(f, { acts: String(acts), paths: String(paths), label: labelSel.value });
    history.replaceState(null, '', formatRoute({ page: 'map', params: { ...f } }));
  };
  actsIn.addEventListener('input', () => (actsOut.textContent = `${actsIn.value}%`));
  pathsIn.addEventListener('input', () => (pathsOut.textContent = `${pathsIn.value}%`));
  for (const input of [actsIn, pathsIn, labelSel])
    input.addEventListener('change', () => {
      acts = Number(actsIn.value);
      paths = Number(pathsIn.value);
      remember();
      draw();
    });
  draw();
}
