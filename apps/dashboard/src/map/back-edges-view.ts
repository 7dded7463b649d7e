import type { JourneyMap, MapEdge } from '../api/types';
import { h } from '../dom';
import { duration, num, pct } from '../format';
import { FlowGraph, movesBack, stepLabel } from './flow-graph';

const FIRST_ROWS = 15;

/** The repeats and moves back a Sankey cannot draw, busiest first (15, then the rest on demand). */
export function backEdgesView(graph: FlowGraph, map: JourneyMap): HTMLElement {
  const moves = map.edges.reduce((t, e) => t + e.count, 0);
  const listed = graph.back.filter((e) => movesBack(e) > 0);
  const backMoves = listed.reduce((t, e) => t + movesBack(e), 0);
  const sameInstant = graph.back.reduce((t, e) => t + e.count - movesBack(e), 0);
  const explain = h(
    'p',
    { class: 'note' },
    'A flow diagram cannot draw loops, and journeys repeat steps. Moves back to an earlier step, or to the same step again, are listed here (the process map draws them)',
    listed.length
      ? ` (${num(backMoves)} of ${num(moves)} moves, ${pct(moves ? backMoves / moves : 0, 1)}).`
      : ': there are none in this range.',
    ' Steps recorded at the same instant are not counted as moves back: their order within that instant is arbitrary',
    sameInstant > 0 ? ` (${num(sameInstant)} such moves are left out).` : '.',
  );
  const section = h(
    'section',
    { class: 'back-edges', 'aria-label': 'Repeats and moves back' },
    h('h2', {}, 'Repeats and moves back'),
    explain,
  );
  if (listed.length === 0) return section;
  const rows = [...listed].sort((a, b) => movesBack(b) - movesBack(a)).map(row);
  const more = h('tbody', { class: 'more', hidden: true }, rows.slice(FIRST_ROWS));
  section.append(
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
          h('th', { scope: 'col', class: 'n' }, 'Moves back'),
          h('th', { scope: 'col', class: 'n' }, 'Journeys'),
          h('th', { scope: 'col', class: 'n' }, 'Median'),
          h('th', { scope: 'col', class: 'n' }, 'p90'),
        ),
      ),
      h('tbody', {}, rows.slice(0, FIRST_ROWS)),
      more,
    ),
  );
  if (rows.length > FIRST_ROWS) {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'link show-all',
        onclick: () => {
          more.hidden = false;
          button.remove();
        },
      },
      `Show all ${rows.length}`,
    );
    section.append(button);
  }
  return section;
}

function row(e: MapEdge): HTMLElement {
  return h(
    'tr',
    { 'data-from': e.from, 'data-to': e.to, 'data-count': e.count, 'data-back': movesBack(e) },
    h('td', {}, stepLabel(e.from)),
    h('td', {}, stepLabel(e.to)),
    h('td', {}, e.from === e.to ? 'repeat' : 'back'),
    h('td', { class: 'n' }, num(movesBack(e))),
    h('td', { class: 'n' }, num(e.instances)),
    h('td', { class: 'n' }, duration(e.medianMs)),
    h('td', { class: 'n' }, duration(e.p90Ms)),
  );
}
