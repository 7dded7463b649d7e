// How a process map edge speaks: its label and its tooltip.
import { facts } from '../charts';
import { h } from '../dom';
import { duration, num } from '../format';
import { stepLabel } from './flow-graph';
import type { ShownEdge } from './simplify';

export type EdgeLabel = 'count' | 'median' | 'p90';

/** Whether every move of the edge happened at the same instant as the step before. */
export const allSimultaneous = (e: ShownEdge) =>
  e.via === 0 && e.count > 0 && (e.edge?.simultaneous ?? 0) >= e.count;

/** The edge's label: its moves (estimated ones marked ≈), or a duration of its direct moves. */
export function edgeText(e: ShownEdge, label: EdgeLabel): string {
  if (label === 'median') return e.edge ? duration(e.edge.medianMs) : '–';
  if (label === 'p90') return e.edge ? duration(e.edge.p90Ms) : '–';
  const n = Math.round(e.weight);
  return e.via > 0 ? `≈${n < 1 ? '<1' : num(n)}` : num(e.count);
}

export function edgeTip(e: ShownEdge): Node {
  const simultaneous = e.edge?.simultaneous ?? 0;
  return h(
    'div',
    {},
    h('strong', {}, `${stepLabel(e.from)} → ${stepLabel(e.to)}`),
    facts([
      ['Moves', num(e.count)],
      ...(e.via > 0
        ? ([['Via hidden steps, estimated', `≈${num(Math.round(e.via))}`]] as [string, string][])
        : []),
      ['Journeys', e.edge ? num(e.edge.instances) : '–'],
      ['Median time', duration(e.edge?.medianMs)],
      ['p90 time', duration(e.edge?.p90Ms)],
      ['At the same instant', num(simultaneous)],
    ]),
    allSimultaneous(e)
      ? h('p', { class: 'tip-sub' }, 'All these moves happened at the same instant (dotted).')
      : null,
    e.via > 0
      ? h(
          'p',
          { class: 'tip-sub' },
          e.count === 0
            ? 'Only via hidden steps, estimated (dashed): raise the activities slider to see them.'
            : 'Part of it via hidden steps, estimated.',
        )
      : null,
  );
}
