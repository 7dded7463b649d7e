import { NEUTRAL } from '../colors';
import { field, h, select } from '../dom';
import { num } from '../format';
import { formatRoute } from '../router';
import { END, START } from './flow-graph';
import type { FlowInput } from './flow-panel';
import { processMapView } from './process-map-view';
import { nodeTip } from './sankey-view';
import { defaultSliders, ShownEdge, simplify } from './simplify';

const pctOf = (v: string, fallback: number) =>
  v !== '' && Number.isFinite(Number(v))
    ? Math.min(100, Math.max(0, Math.round(Number(v))))
    : fallback;

/** The process map with its controls: edge labels, fit, and the Steps and Transitions sliders. */
export function processPanel(
  flow: HTMLElement,
  bar: HTMLElement,
  holder: HTMLElement,
  legend: HTMLElement,
  exporters: HTMLElement[],
  inp: FlowInput,
): void {
  const { f } = inp;
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
  const zoomIn = h('button', { type: 'button', 'aria-label': 'Zoom in' }, '+');
  const zoomOut = h('button', { type: 'button', 'aria-label': 'Zoom out' }, '−');
  bar.append(field('Edge labels', labelSel), fitButton, zoomIn, zoomOut, ...exporters);

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
    v.fitToView();
    fitButton.onclick = () => v.fitToView();
    zoomIn.onclick = () => v.zoomBy(1.4);
    zoomOut.onclick = () => v.zoomBy(1 / 1.4);
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
