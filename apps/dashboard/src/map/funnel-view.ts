import type { JourneyMap } from '../api/types';
import { h } from '../dom';
import { num, pct } from '../format';

/** The stage funnel: how many instances reached each stage, and how many stopped there. */
export function funnelView(map: JourneyMap): HTMLElement {
  if (map.funnel.length === 0) {
    return h(
      'p',
      { class: 'hint' },
      'No stages: define the journey (PUT /v1/journeys/{journey}/definition) to see its funnel.',
    );
  }
  const top = Math.max(1, ...map.funnel.map((f) => f.reached));
  const rows = map.funnel.map((f) => {
    const bar = h('span', { class: 'funnel-bar' });
    bar.style.width = `${(f.reached / top) * 100}%`;
    const drop = h('span', { class: 'funnel-drop' });
    drop.style.width = `${(f.dropOff / top) * 100}%`;
    return h(
      'li',
      { 'data-stage': f.stage },
      h('div', { class: 'funnel-label' }, h('span', {}, f.stage), h('span', {}, num(f.reached))),
      h('div', { class: 'funnel-track', 'aria-hidden': 'true' }, bar, drop),
      h(
        'div',
        { class: 'funnel-note' },
        f.dropOff > 0
          ? `${num(f.dropOff)} dropped off here (${pct(f.reached ? f.dropOff / f.reached : 0)})`
          : 'no drop-off',
      ),
    );
  });
  return h('ol', { class: 'funnel', 'aria-label': 'Stage funnel' }, rows);
}

/** Headline numbers of the map's range. */
export function summaryView(map: JourneyMap): HTMLElement {
  const i = map.instances;
  const share = (n: number) => (i.total ? ` (${pct(n / i.total)})` : '');
  const kpi = (label: string, value: string, cls = '') =>
    h(
      'div',
      { class: `kpi ${cls}` },
      h('span', { class: 'kpi-value' }, value),
      h('span', { class: 'kpi-label' }, label),
    );
  return h(
    'div',
    { class: 'kpis', role: 'group', 'aria-label': 'Summary' },
    kpi('journeys', num(i.total)),
    kpi('customers', num(map.customers)),
    kpi('completed', `${num(i.completed)}${share(i.completed)}`, 'good'),
    kpi('failed', `${num(i.failed)}${share(i.failed)}`, 'bad'),
    kpi('abandoned', `${num(i.abandoned)}${share(i.abandoned)}`, 'bad'),
    kpi('active', num(i.active)),
  );
}
