import { ApiError } from '../api/client';
import type { CustomerJourney, FrictionOccurrence } from '../api/types';
import { channelColor } from '../colors';
import { empty, failure, field, h, loading } from '../dom';
import { dateTime, frictionLabel, words } from '../format';
import { occurrenceSummary } from '../frictions/describe';
import { stepChips } from '../frictions/friction-detail';
import { aborted, Page, PageContext } from '../page';
import { timelineView } from './timeline-view';

const MAX_PAGES = 5;

export const customerPage: Page = async (root, ctx) => {
  const id = ctx.route.id;
  root.append(h('h1', {}, id ? `Customer ${id}` : 'Customer'), lookup(id, ctx));
  if (!id) {
    root.append(
      empty(
        'Look a customer up by id to see all their journeys across channels.',
        'Friction points and journey maps link here too.',
      ),
    );
    return;
  }
  const out = h('div', { 'aria-live': 'polite' }, loading(`the journeys of ${id}`));
  root.append(out);
  let journeys: CustomerJourney[];
  let frictions: FrictionOccurrence[] | null;
  try {
    [journeys, frictions] = await Promise.all([
      allJourneys(id, ctx),
      ctx.api.customerFrictions(id, ctx.signal).then(
        (r) => r.frictions,
        (err: unknown) => {
          if (aborted(err) || !(err instanceof ApiError) || err.status !== 404) throw err;
          return null;
        },
      ),
    ]);
  } catch (err) {
    if (aborted(err)) return;
    out.replaceChildren(failure(err));
    return;
  }
  out.replaceChildren();
  if (journeys.length === 0) {
    out.append(
      empty(
        `No journeys for customer "${id}".`,
        'Customer ids are case-sensitive; anonymous visits count once they are linked to the customer.',
      ),
    );
    return;
  }
  const channels = [...new Set(journeys.flatMap((j) => j.steps.map((st) => st.channel)))];
  const legend = h(
    'ul',
    { class: 'mix-legend' },
    channels.map((c) => {
      const dot = h('span', { class: 'dot', 'aria-hidden': 'true' });
      dot.style.background = channelColor(c);
      return h('li', {}, dot, words(c));
    }),
    h('li', {}, h('span', { class: 'bad' }, '▼'), ' friction'),
    h('li', {}, '◆ feedback'),
    h('li', {}, 'ringed red: failed step'),
  );
  const panel = h(
    'section',
    { class: 'panel', 'aria-label': 'Timeline' },
    h('h2', {}, `Timeline: ${journeys.length} journeys`),
    legend,
  );
  out.append(panel);
  if (frictions === null)
    panel.append(
      h(
        'p',
        { class: 'note' },
        'Friction occurrences are not available on this server yet: the timeline shows touchpoints and feedback.',
      ),
    );
  panel.append(timelineView(journeys, frictions ?? [], Math.max(640, panel.clientWidth - 26)));
  out.append(journeyList(journeys, frictions ?? []));
};

function lookup(id: string | null, ctx: PageContext): HTMLElement {
  const input = h('input', {
    type: 'search',
    id: 'customer-id',
    value: id ?? '',
    placeholder: 'e.g. cust-000042',
    required: true,
    spellcheck: 'false',
  });
  return h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const value = input.value.trim();
        if (value) ctx.go({ page: 'customers', id: value });
      },
    },
    field('Customer id', input),
    h('button', { type: 'submit' }, 'Show journeys'),
  );
}

async function allJourneys(id: string, ctx: PageContext): Promise<CustomerJourney[]> {
  const out: CustomerJourney[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await ctx.api.customerJourneys(id, cursor, ctx.signal);
    out.push(...page.journeys);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

function journeyList(journeys: CustomerJourney[], frictions: FrictionOccurrence[]): HTMLElement {
  return h(
    'section',
    { class: 'journey-list', 'aria-label': 'Journeys' },
    journeys.map((j) => {
      const mine = frictions.filter(
        (f) => f.instanceId === j.instanceId && f.journey === j.journey,
      );
      return h(
        'article',
        { class: 'panel journey-card', 'data-instance': j.instanceId },
        h(
          'h2',
          {},
          `${j.journey} `,
          h('span', { class: `badge ${j.status}` }, j.status),
          h(
            'span',
            { class: 'hint' },
            `  ${dateTime(j.startedAt)} → ${dateTime(j.lastActivityAt)}`,
          ),
        ),
        stepChips(j.steps),
        mine.length
          ? h(
              'ul',
              { class: 'plain frictions' },
              mine.map((f) =>
                h(
                  'li',
                  { class: 'bad' },
                  `▼ ${frictionLabel(f.type)} at ${f.step} (${words(f.channel)}), ${dateTime(f.occurredAt)}: ${occurrenceSummary(f)}`,
                ),
              ),
            )
          : null,
        j.feedback.length
          ? h(
              'ul',
              { class: 'plain feedback' },
              j.feedback.map((f) =>
                h(
                  'li',
                  {},
                  `◆ ${f.kind.toUpperCase()} ${f.score}${f.comment ? `: “${f.comment}”` : ''} (${dateTime(f.occurredAt)})`,
                ),
              ),
            )
          : null,
      );
    }),
  );
}
