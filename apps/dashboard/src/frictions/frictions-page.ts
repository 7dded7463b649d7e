import { ApiError } from '../api/client';
import { FRICTION_TYPES, FrictionPoint, JourneySummary } from '../api/types';
import { sparkline } from '../charts';
import { CHANNEL_ORDER, heat } from '../colors';
import { clear, empty, failure, field, h, loading, select } from '../dom';
import { frictionLabel, num, pct, words } from '../format';
import { aborted, Page, PageContext } from '../page';
import { frictionDetail } from './friction-detail';

export const NOT_YET = 'Friction points are not available on this server yet.';

export const frictionsPage: Page = async (root, ctx) => {
  if (ctx.route.id) return frictionDetail(root, ctx, ctx.route.id);
  root.append(h('h1', {}, 'Friction points'));
  const p = ctx.route.params;
  const f = {
    journey: p.journey ?? '',
    type: p.type ?? '',
    channel: p.channel ?? '',
    from: p.from ?? '',
    to: p.to ?? '',
    sort: p.sort ?? 'severity',
  };
  const journeys = await ctx.api.journeys(ctx.signal).catch((err: unknown) => {
    if (aborted(err)) throw err;
    return [] as JourneySummary[];
  });
  root.append(filters(journeys, f, ctx));
  const out = h('div', { 'aria-live': 'polite' }, loading('friction points'));
  root.append(out);
  await list(out, f, ctx);
};

type Filters = Record<'journey' | 'type' | 'channel' | 'from' | 'to' | 'sort', string>;

function filters(journeys: JourneySummary[], f: Filters, ctx: PageContext): HTMLElement {
  const go = (change: Partial<Filters>) =>
    ctx.go({ page: 'frictions', params: { ...f, ...change } }, true);
  const control = (id: string, el: HTMLSelectElement | HTMLInputElement, key: keyof Filters) => {
    el.id = id;
    el.addEventListener('change', () => go({ [key]: el.value }));
    return el;
  };
  return h(
    'form',
    {
      class: 'filters',
      'aria-label': 'Friction filters',
      onsubmit: (e: Event) => e.preventDefault(),
    },
    field(
      'Journey',
      control(
        'fp-journey',
        select(
          [
            { value: '', label: 'All journeys' },
            ...journeys.map((j) => ({ value: j.journey, label: j.journey })),
          ],
          f.journey,
        ),
        'journey',
      ),
    ),
    field(
      'Type',
      control(
        'fp-type',
        select(
          [
            { value: '', label: 'All types' },
            ...FRICTION_TYPES.map((t) => ({ value: t, label: frictionLabel(t) })),
          ],
          f.type,
        ),
        'type',
      ),
    ),
    field(
      'Channel',
      control(
        'fp-channel',
        select(
          [
            { value: '', label: 'All channels' },
            ...CHANNEL_ORDER.map((c) => ({ value: c, label: words(c) })),
          ],
          f.channel,
        ),
        'channel',
      ),
    ),
    field('From', control('fp-from', h('input', { type: 'date', value: f.from }), 'from')),
    field('To', control('fp-to', h('input', { type: 'date', value: f.to }), 'to')),
    field(
      'Rank by',
      control(
        'fp-sort',
        select(
          [
            { value: 'severity', label: 'Severity' },
            { value: 'occurrences', label: 'Occurrences' },
            { value: 'customers', label: 'Customers' },
          ],
          f.sort,
        ),
        'sort',
      ),
    ),
  );
}

async function list(out: HTMLElement, f: Filters, ctx: PageContext): Promise<void> {
  const points: FrictionPoint[] = [];
  const table = h('table', { class: 'data friction-table' });
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  let cursor: string | null = null;
  const load = async () => {
    const page = await ctx.api.frictionPoints({ ...f, limit: 50, cursor }, ctx.signal);
    points.push(...page.frictionPoints);
    cursor = page.nextCursor;
    more.hidden = cursor === null;
  };
  try {
    await load();
  } catch (err) {
    if (aborted(err)) return;
    out.replaceChildren(
      err instanceof ApiError && err.status === 404
        ? empty(NOT_YET, 'It arrives with the friction API (GET /v1/friction-points).')
        : failure(err, () => void list(out, f, ctx)),
    );
    return;
  }
  clear(out);
  if (points.length === 0) {
    out.append(
      empty(
        'No friction points match these filters.',
        'Widen the dates, or choose all journeys, types and channels.',
      ),
    );
    return;
  }
  const draw = () => table.replaceChildren(head(), body(points, f, ctx));
  more.addEventListener('click', () => {
    more.disabled = true;
    load()
      .then(draw, (err: unknown) => !aborted(err) && out.append(failure(err)))
      .finally(() => (more.disabled = false));
  });
  draw();
  out.append(
    h(
      'p',
      { class: 'hint' },
      'Select a row (click, or Tab then Enter) for its evidence, impact and example journeys.',
    ),
    table,
    more,
  );
}

function head(): HTMLElement {
  const cols = [
    '#',
    'Severity',
    'Friction',
    'Journey',
    'Step',
    'Channel',
    'Occurrences',
    'Customers',
    'Completion with / without',
    'Trend',
  ];
  return h(
    'thead',
    {},
    h(
      'tr',
      {},
      cols.map((c) =>
        h('th', { scope: 'col', class: ['Occurrences', 'Customers'].includes(c) ? 'n' : null }, c),
      ),
    ),
  );
}

function body(points: FrictionPoint[], f: Filters, ctx: PageContext): HTMLElement {
  const max = Math.max(...points.map((p) => p.severity), 1e-9);
  return h(
    'tbody',
    {},
    points.map((p, i) => {
      const open = () =>
        ctx.go({ page: 'frictions', id: p.id, params: { from: f.from, to: f.to } });
      const bar = h('span', { class: 'severity-bar', 'aria-hidden': 'true' });
      bar.style.width = `${Math.max(2, (p.severity / max) * 60)}px`;
      bar.style.background = heat(p.severity / max);
      const row = h(
        'tr',
        {
          class: 'clickable',
          tabindex: 0,
          'data-id': p.id,
          'aria-label': `${frictionLabel(p.type)} at ${p.step} on ${words(p.channel)}, severity ${p.severity.toFixed(1)}: open details`,
          onclick: open,
          onkeydown: (e: Event) => (e as KeyboardEvent).key === 'Enter' && open(),
        },
        h('td', {}, String(i + 1)),
        h('td', {}, h('span', { class: 'severity' }, bar, p.severity.toFixed(1))),
        h('td', {}, frictionLabel(p.type)),
        h('td', {}, p.journey),
        h('td', { class: 'step' }, p.step),
        h('td', {}, words(p.channel)),
        h('td', { class: 'n' }, num(p.occurrences)),
        h('td', { class: 'n' }, num(p.customers)),
        h('td', {}, impact(p)),
        h('td', {}, sparkline(p.trend)),
      );
      return row;
    }),
  );
}

function impact(p: FrictionPoint): HTMLElement | string {
  if (p.completionRateWith === null || p.completionRateWithout === null) return '–';
  const gap = p.completionRateWithout - p.completionRateWith;
  return h(
    'span',
    { class: gap > 0.05 ? 'bad' : '' },
    `${pct(p.completionRateWith)} / ${pct(p.completionRateWithout)}`,
  );
}
