import { ApiError } from '../api/client';
import type { Variant } from '../api/types';
import { failure, field, h, loading, select } from '../dom';
import { duration, num, pct } from '../format';
import { aborted, PageContext } from '../page';
import { variantsCsv } from './csv';
import { downloadCsv } from './export';
import { Filters, goTo, otherGraph } from './map-controls';

const PAGE = 20;
const SHOWN_STEPS = 6;

/**
 * The journey's variants (distinct step sequences of closed instances), most frequent first, with
 * "more" paging through the API's cursor. A row filters the map to its variant; the select to the
 * top N. A server without the endpoint gets a note, and the rest of the page works.
 */
export function variantsPanel(
  ctx: PageContext,
  f: Filters,
  range: { from?: string; to?: string; channel?: string },
): HTMLElement {
  const body = h('div', {}, loading('variants'));
  const section = h(
    'section',
    { class: 'variants panel', 'aria-label': 'Variants' },
    h('h2', {}, 'Variants'),
    body,
  );
  const rows: Variant[] = [];
  const tbody = h('tbody');
  const more = h('button', { type: 'button', class: 'more' }, 'More variants');
  const status = h('p', { class: 'hint', 'aria-live': 'polite' });

  const load = async (cursor: string | null) => {
    try {
      const page = await ctx.api.variants(f.journey, { ...range, limit: PAGE, cursor }, ctx.signal);
      if (cursor === null) body.replaceChildren(header(page.variantCount, page.closedInstances));
      for (const v of page.variants) tbody.append(row(v, rows.push(v)));
      status.textContent = `${num(rows.length)} of ${num(page.variantCount)} variants shown.`;
      more.hidden = !page.nextCursor;
      more.onclick = () => void load(page.nextCursor);
    } catch (err) {
      if (aborted(err)) return;
      if (err instanceof ApiError && err.status === 404)
        body.replaceChildren(
          h(
            'p',
            { class: 'note' },
            'Variants are not available on this server yet: the rest of the map works without them.',
          ),
        );
      else if (cursor === null) body.replaceChildren(failure(err, () => void load(null)));
      else status.textContent = `More variants could not be loaded (${(err as Error).message}).`;
    }
  };

  const header = (variantCount: number, closed: number) => {
    const top = select(
      [
        { value: '', label: 'All journeys' },
        ...[1, 3, 5, 10, 20].map((n) => ({ value: `top:${n}`, label: `Top ${n}` })),
      ],
      f.variants,
    );
    top.id = 'map-variants';
    top.addEventListener('change', () =>
      goTo(ctx, f, { ...otherGraph, variants: top.value, variant: '', label: '' }),
    );
    return h(
      'div',
      {},
      h(
        'p',
        { class: 'hint' },
        `${num(variantCount)} variants among ${num(closed)} closed journeys. Choose a row to draw only that variant on the map.`,
      ),
      h(
        'div',
        { class: 'variant-tools' },
        field('Draw on the map', top),
        f.variant
          ? h(
              'button',
              { type: 'button', onclick: () => goTo(ctx, f, { ...otherGraph, variant: '' }) },
              'Show all journeys',
            )
          : null,
        h(
          'button',
          {
            type: 'button',
            onclick: () => downloadCsv(variantsCsv(rows), `variants-${f.journey}`),
          },
          'Download CSV',
        ),
      ),
      h(
        'table',
        { class: 'data variant-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['#', 'Steps', 'Journeys', 'Share', 'Median duration', 'Completed'].map((c, i) =>
              h('th', { scope: 'col', class: i === 1 ? '' : 'n' }, c),
            ),
          ),
        ),
        tbody,
      ),
      more,
      status,
    );
  };

  const row = (v: Variant, rank: number) => {
    const choose = () =>
      goTo(ctx, f, { ...otherGraph, variant: v.variant, variants: '', label: '' });
    const full = v.steps.join(' › ');
    const cut = v.steps.length > SHOWN_STEPS;
    const steps = h(
      'td',
      { title: full },
      cut
        ? [...v.steps.slice(0, 3), `… ${v.steps.length - 5} more …`, ...v.steps.slice(-2)].join(
            ' › ',
          )
        : full || '(no steps)',
    );
    if (cut)
      steps.append(
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: (e: Event) => {
              e.stopPropagation();
              steps.replaceChildren(full);
            },
          },
          'all steps',
        ),
      );
    return h(
      'tr',
      {
        tabindex: 0,
        'data-variant': v.variant,
        'aria-selected': f.variant === v.variant ? 'true' : 'false',
        onclick: choose,
        onkeydown: (e: Event) => {
          if ((e as KeyboardEvent).key === 'Enter') choose();
        },
      },
      h('td', { class: 'n' }, num(rank)),
      steps,
      h('td', { class: 'n' }, num(v.count)),
      h('td', { class: 'n' }, pct(v.share, 1)),
      h('td', { class: 'n' }, duration(v.medianDurationMs)),
      h('td', { class: 'n' }, pct(v.completionRate)),
    );
  };

  void load(null);
  return section;
}
