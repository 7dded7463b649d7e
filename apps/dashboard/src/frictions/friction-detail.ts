import { ApiError } from '../api/client';
import type { FrictionPointDetail, JourneyStep } from '../api/types';
import { facts, sparkline } from '../charts';
import { channelColor } from '../colors';
import { empty, failure, h, loading } from '../dom';
import { dateTime, duration, frictionLabel, num, pct, words } from '../format';
import { aborted, PageContext } from '../page';
import { formatRoute } from '../router';
import { FRICTION_EXPLAINED, occurrenceSummary } from './describe';

/** One friction point: evidence (what and where), impact (with and without), example journeys. */
export async function frictionDetail(
  root: HTMLElement,
  ctx: PageContext,
  id: string,
): Promise<void> {
  const { from, to } = ctx.route.params;
  root.append(
    h(
      'p',
      {},
      h(
        'a',
        { href: formatRoute({ page: 'frictions', params: { from, to } }) },
        '← All friction points',
      ),
    ),
  );
  const out = h('div', { 'aria-live': 'polite' }, loading('the friction point'));
  root.append(out);
  let p: FrictionPointDetail;
  try {
    p = await ctx.api.frictionPoint(id, { from, to }, ctx.signal);
  } catch (err) {
    if (aborted(err)) return;
    out.replaceChildren(
      err instanceof ApiError && err.status === 404
        ? empty('No such friction point (or friction points are not available on this server yet).')
        : failure(err),
    );
    return;
  }
  const title = `${frictionLabel(p.type)} at ${p.step} on ${words(p.channel)}`;
  document.title = `${title} · Journey Engine`;
  out.replaceChildren(
    h('h1', { class: 'detail-title' }, title, ' ', h('span', { class: 'badge' }, p.journey)),
    h('p', { class: 'note' }, FRICTION_EXPLAINED[p.type] ?? ''),
    h('div', { class: 'detail-grid' }, impactPanel(p), evidencePanel(p)),
    examplesPanel(p),
  );
}

function impactPanel(p: FrictionPointDetail): HTMLElement {
  const bar = (label: string, rate: number | null, cls: string) => {
    const fill = h('span', { class: 'impact-fill' });
    fill.style.width = `${(rate ?? 0) * 100}%`;
    fill.style.background = cls === 'with' ? 'var(--bad)' : 'var(--good)';
    return h(
      'div',
      { class: 'impact-row' },
      h('span', {}, label),
      h('span', { class: 'impact-track', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'n' }, pct(rate)),
    );
  };
  const gap =
    p.completionRateWith !== null && p.completionRateWithout !== null
      ? p.completionRateWithout - p.completionRateWith
      : null;
  return h(
    'section',
    { class: 'panel', 'aria-label': 'Impact' },
    h('h2', {}, 'Impact'),
    h(
      'p',
      { class: 'hint' },
      'Share of journeys that completed, with this friction and without it.',
    ),
    bar('With it', p.completionRateWith, 'with'),
    bar('Without it', p.completionRateWithout, 'without'),
    gap !== null
      ? h(
          'p',
          { class: gap > 0 ? 'bad' : 'good' },
          gap > 0
            ? `${pct(gap)} fewer journeys complete when it happens.`
            : 'No completion penalty.',
        )
      : null,
    facts([
      ['Severity', p.severity.toFixed(2)],
      ['Occurrences', num(p.occurrences)],
      ['Customers', num(p.customers)],
      ['Journeys', `${num(p.instances)} (${pct(p.shareOfInstances, 1)} of all)`],
      ['First seen', dateTime(p.firstSeen)],
      ['Last seen', dateTime(p.lastSeen)],
    ]),
    h('p', { class: 'tip-sub' }, 'Daily occurrences'),
    sparkline(p.trend, 280, 48),
  );
}

function evidencePanel(p: FrictionPointDetail): HTMLElement {
  const rows = p.recentOccurrences.slice(0, 15);
  return h(
    'section',
    { class: 'panel', 'aria-label': 'Evidence' },
    h('h2', {}, 'Evidence: recent occurrences'),
    rows.length === 0
      ? h('p', { class: 'hint' }, 'No occurrences in this range.')
      : h(
          'table',
          { class: 'data' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['When', 'Customer', 'What'].map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          h(
            'tbody',
            {},
            rows.map((o) =>
              h(
                'tr',
                {},
                h('td', {}, dateTime(o.occurredAt)),
                h(
                  'td',
                  {},
                  h(
                    'a',
                    { href: formatRoute({ page: 'customers', id: o.customerId }) },
                    o.customerId,
                  ),
                ),
                h('td', {}, occurrenceSummary(o)),
              ),
            ),
          ),
        ),
  );
}

function examplesPanel(p: FrictionPointDetail): HTMLElement {
  return h(
    'section',
    { class: 'panel examples', 'aria-label': 'Example journeys' },
    h('h2', {}, 'Example journeys'),
    p.exampleJourneys.length === 0
      ? h('p', { class: 'hint' }, 'No examples.')
      : h(
          'ul',
          { class: 'plain' },
          p.exampleJourneys.map((j) =>
            h(
              'li',
              { 'data-customer': j.customerId },
              h(
                'a',
                {
                  href: formatRoute({ page: 'customers', id: j.customerId }),
                  class: 'customer-link',
                },
                j.customerId,
              ),
              ' ',
              h('span', { class: `badge ${j.status}` }, j.status),
              stepChips(j.steps, p.step),
            ),
          ),
        ),
  );
}

/** A journey's steps as chips coloured by channel; failed steps and the friction's step stand out. */
export function stepChips(steps: JourneyStep[], highlight?: string): HTMLElement {
  return h(
    'ol',
    { class: 'steps', 'aria-label': 'Steps' },
    steps.map((st) => {
      const li = h(
        'li',
        {
          class: st.outcome === 'failure' ? 'failed' : null,
          title: `${dateTime(st.occurredAt)}${st.sincePreviousMs !== null ? `, ${duration(st.sincePreviousMs)} after the previous step` : ''}`,
        },
        st.step === highlight ? h('strong', {}, st.step) : st.step,
        ` · ${words(st.channel)}`,
        st.outcome === 'failure' ? ' ✕' : '',
      );
      li.style.borderLeftColor = channelColor(st.channel);
      return li;
    }),
  );
}
