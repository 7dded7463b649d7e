import { PartitionStatus, ProjectionStatus } from '../api/types';
import { h } from '../dom';
import { duration, num } from '../format';
import { count, holderOf, holdersSummary } from './partition-holders';

/** A split projection's partitions, one row each; null when it is not split. */
export function partitionsView(p: ProjectionStatus): HTMLElement | null {
  if (p.partitionCount <= 1) return null;
  const cols = ['Partition', 'Projector', 'Lag (events)', 'Lag (time)', 'Events/s', 'Status'];
  const table = h(
    'table',
    { class: 'data partitions' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        cols.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h('tbody', {}, p.partitions.map(partitionRow)),
  );
  return h(
    'section',
    { class: 'partitions-of', 'data-partitions-of': p.name },
    h('h3', {}, `${p.name}: ${count(p.partitionCount, 'partition', 'partitions')}`),
    h('p', { class: 'holders' }, holdersSummary(p.partitions)),
    // Up to 1024 rows: scrolled within the panel (focusable, so keys scroll it too).
    h(
      'div',
      {
        class: 'scroll-rows',
        tabindex: 0,
        role: 'region',
        'aria-label': `Partitions of ${p.name}`,
      },
      table,
    ),
  );
}

function partitionRow(q: PartitionStatus): HTMLElement {
  const holder = holderOf(q.lease);
  return h(
    'tr',
    { 'data-partition': q.index },
    h('td', { class: 'n' }, q.index),
    h('td', { 'data-lease': holder ? 'held' : 'none' }, holder ?? 'none'),
    h(
      'td',
      { class: 'n' },
      `${q.lagEventsEstimated ? '~' : ''}${num(q.lagEvents)}${q.lagEventsCapped ? '+' : ''}`,
    ),
    h('td', { class: 'n' }, duration(q.lagMs)),
    h('td', { class: 'n' }, num(Math.round(q.eventsPerSecond))),
    h('td', {}, h('span', { class: `badge ${q.status}`, 'data-status': q.status }, q.status)),
  );
}

/** Replaces the container's children, the scrolled tables staying where the reader left them. */
export function replaceKeepingScroll(container: HTMLElement, children: Node[]): void {
  const scrolls = container.querySelectorAll<HTMLElement>('.scroll-rows');
  const at = new Map([...scrolls].map((el) => [el.getAttribute('aria-label'), el.scrollTop]));
  container.replaceChildren(...children);
  for (const el of container.querySelectorAll<HTMLElement>('.scroll-rows'))
    el.scrollTop = at.get(el.getAttribute('aria-label')) ?? 0;
}
