import { query } from '../api/client';
import { followStream } from '../api/sse';
import { FRICTION_TYPES, FrictionOccurrence, ProjectionStatus } from '../api/types';
import { failure, field, h, select } from '../dom';
import { dateTime, duration, frictionLabel, num, words } from '../format';
import { aborted, Page, PageContext } from '../page';
import { formatRoute } from '../router';
import { occurrenceSummary } from '../frictions/describe';
import { holderOf } from './partition-holders';
import { partitionsView, replaceKeepingScroll } from './partitions';

const POLL_MS = 3000;
const KEEP = 100;

export const livePage: Page = (root, ctx) => {
  root.append(h('h1', {}, 'Live'));
  const status = h(
    'section',
    { class: 'panel', 'aria-label': 'Projections' },
    h('h2', {}, 'Projections'),
  );
  const table = h('div', { 'aria-live': 'polite' }, h('p', { class: 'hint' }, 'Loading…'));
  // Split projections' partitions, under the table: up to 1024 rows, not read out on each poll.
  const partitions = h('div');
  status.append(table, partitions);
  root.append(status, streamPanel(ctx));
  const poll = async () => {
    try {
      const rows = await ctx.api.projections(ctx.signal);
      table.replaceChildren(projectionsTable(rows));
      replaceKeepingScroll(
        partitions,
        rows.flatMap((p) => partitionsView(p) ?? []),
      );
    } catch (err) {
      if (aborted(err)) return;
      table.replaceChildren(failure(err));
      partitions.replaceChildren();
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), POLL_MS);
  ctx.signal.addEventListener('abort', () => clearInterval(timer));
};

function projectionsTable(rows: ProjectionStatus[]): HTMLElement {
  const cols = [
    'Projection',
    'Status',
    'Lag (events)',
    'Lag (time)',
    'Events/s',
    'Processed',
    'Updated',
    'Projector',
    'Last rebuild',
  ];
  return h(
    'table',
    { class: 'data projections' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        cols.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((p) =>
        h(
          'tr',
          { 'data-projection': p.name },
          h('td', {}, p.name),
          h('td', {}, h('span', { class: `badge ${p.status}`, 'data-status': p.status }, p.status)),
          h(
            'td',
            { class: 'n' },
            `${p.lagEventsEstimated ? '~' : ''}${num(p.lagEvents)}${p.lagEventsCapped ? '+' : ''}`,
          ),
          h('td', { class: 'n' }, duration(p.lagMs)),
          h('td', { class: 'n' }, num(Math.round(p.eventsPerSecond))),
          h('td', { class: 'n' }, num(p.eventsProcessed)),
          h('td', {}, p.updatedAt ? dateTime(p.updatedAt) : '–'),
          h('td', { 'data-lease': p.lease?.held ? 'held' : 'none' }, projectorOf(p)),
          h(
            'td',
            {},
            p.rebuild
              ? `${p.rebuild.status} (${num(p.rebuild.processed)}${p.rebuild.total ? ` of ${num(p.rebuild.total)}` : ''})`
              : '–',
          ),
        ),
      ),
    ),
  );
}

/** Which projector process applies it (partition 0, when split): host:pid of the lease owner. */
function projectorOf(p: ProjectionStatus): string {
  return holderOf(p.lease) ?? 'none (standing by for a lease)';
}

function streamPanel(ctx: PageContext): HTMLElement {
  const p = ctx.route.params;
  const f = { journey: p.journey ?? '', type: p.type ?? '' };
  const go = (change: Partial<typeof f>) =>
    ctx.go({ page: 'live', params: { ...f, ...change } }, true);
  const journey = h('input', {
    id: 'live-journey',
    value: f.journey,
    placeholder: 'all',
    size: 14,
  });
  journey.addEventListener('change', () => go({ journey: journey.value.trim() }));
  const type = select(
    [
      { value: '', label: 'All types' },
      ...FRICTION_TYPES.map((t) => ({ value: t, label: frictionLabel(t) })),
    ],
    f.type,
  );
  type.id = 'live-type';
  type.addEventListener('change', () => go({ type: type.value }));
  const state = h(
    'span',
    { class: 'badge', role: 'status', 'data-state': 'connecting' },
    'connecting',
  );
  const feed = h('ol', { class: 'feed', 'aria-label': 'Friction occurrences, newest first' });
  const placeholder = h(
    'p',
    { class: 'hint' },
    'Waiting for friction occurrences… they appear here as the projector finds them.',
  );
  const setState = (s: string, detail?: string) => {
    const label: Record<string, string> = {
      connecting: 'connecting',
      open: 'live',
      retrying: 'reconnecting',
      closed: 'closed',
    };
    state.dataset.state = s;
    state.className = `badge ${s}`;
    state.textContent = label[s] ?? s;
    if (s === 'closed' && detail === '404')
      placeholder.textContent =
        'The live friction stream is not available on this server yet (GET /v1/friction-points/stream).';
    else if (s === 'closed' && detail)
      placeholder.textContent = `The stream was refused (HTTP ${detail}): check the API key.`;
  };
  const stop = followStream(`/v1/friction-points/stream${query(f)}`, () => ctx.api.headers(), {
    onState: setState,
    onEvent: (e) => {
      if (e.event !== 'friction') return;
      let o: FrictionOccurrence;
      try {
        o = JSON.parse(e.data) as FrictionOccurrence;
      } catch {
        return;
      }
      // A resumed stream may repeat what was shown: one line per occurrence.
      if ([...feed.children].some((li) => (li as HTMLElement).dataset.id === o.id)) return;
      placeholder.remove();
      feed.prepend(item(o));
      while (feed.children.length > KEEP) feed.lastElementChild?.remove();
    },
  });
  ctx.signal.addEventListener('abort', stop);
  return h(
    'section',
    { class: 'panel', 'aria-label': 'Friction occurrences' },
    h('h2', {}, 'Friction occurrences ', state),
    h(
      'form',
      { class: 'row', onsubmit: (e: Event) => e.preventDefault() },
      field('Journey', journey),
      field('Type', type),
    ),
    placeholder,
    feed,
  );
}

function item(o: FrictionOccurrence): HTMLElement {
  return h(
    'li',
    { class: 'fresh', 'data-id': o.id, 'data-type': o.type },
    h('span', {}, dateTime(o.occurredAt)),
    h('strong', { class: 'bad' }, frictionLabel(o.type)),
    h(
      'span',
      {},
      `${o.journey} · ${o.step} · ${words(o.channel)} · `,
      h('a', { href: formatRoute({ page: 'customers', id: o.customerId }) }, o.customerId),
      ` · ${occurrenceSummary(o)}`,
    ),
  );
}
