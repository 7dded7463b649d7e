import type { JourneyMap } from '../api/types';
import { h } from '../dom';
import { duration, num, words } from '../format';
import { FlowGraph, stepLabel } from './flow-graph';

/** Every transition of the map, as numbers (what no drawing hides). */
export function transitionsTable(graph: FlowGraph): HTMLElement {
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
          ['From', 'To', 'In the Sankey', 'Moves', 'Same instant', 'Journeys', 'Median', 'p90'].map(
            (c) => h('th', { scope: 'col' }, c),
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
            h('td', { class: 'n' }, num(e.simultaneous ?? 0)),
            h('td', { class: 'n' }, num(e.instances)),
            h('td', { class: 'n' }, duration(e.medianMs)),
            h('td', { class: 'n' }, duration(e.p90Ms)),
          ),
        ),
      ),
    ),
  );
}

export function switchesView(map: JourneyMap): HTMLElement {
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
