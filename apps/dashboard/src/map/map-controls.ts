import type { JourneySummary } from '../api/types';
import { CHANNEL_ORDER } from '../colors';
import { field, h, select } from '../dom';
import { day, num, words } from '../format';
import type { PageContext } from '../page';

const DAY_MS = 86_400_000;

/** The map page's state, all of it in the URL (empty strings: the default). */
export interface Filters {
  journey: string;
  from: string;
  to: string;
  channel: string;
  color: string;
  /** 'process' | 'sankey' | '' (the default depends on the graph, see defaultView). */
  view: string;
  /** 'count' | 'median' | 'p90'. */
  label: string;
  /** Slider percentages ('' = the readable default). */
  acts: string;
  paths: string;
  /** One variant's id, or `top:N`, to draw only those sequences. */
  variant: string;
  variants: string;
}

export function filtersOf(p: Record<string, string>, journey: string): Filters {
  return {
    journey,
    from: p.from ?? '',
    to: p.to ?? '',
    channel: p.channel ?? '',
    color: p.color ?? 'friction',
    view: p.view === 'process' || p.view === 'sankey' ? p.view : '',
    label: p.label === 'median' || p.label === 'p90' ? p.label : 'count',
    acts: p.acts ?? '',
    paths: p.paths ?? '',
    variant: p.variant ?? '',
    variants: p.variants ?? '',
  };
}

/**
 * Another set of journeys is another graph: the sliders go back to their readable defaults (a
 * share of 36 steps is not the right share of one variant's 12).
 */
export const otherGraph = { acts: '', paths: '' };

/** Navigates to the map with some filters changed (the page re-renders). */
export const goTo = (ctx: PageContext, f: Filters, change: Partial<Filters>) =>
  ctx.go({ page: 'map', params: { ...f, ...change } }, true);

export function controls(journeys: JourneySummary[], f: Filters, ctx: PageContext): HTMLElement {
  // A new journey, range or channel is another graph: the sliders and variant choice start over.
  const fresh = { ...otherGraph, variant: '', variants: '' };
  const go = (change: Partial<Filters>) => goTo(ctx, f, change);
  const journeySel = select(
    journeys.map((j) => ({ value: j.journey, label: `${j.journey} (${num(j.instances.total)})` })),
    f.journey,
  );
  journeySel.id = 'map-journey';
  journeySel.addEventListener('change', () => go({ ...fresh, journey: journeySel.value }));
  const from = h('input', { type: 'date', id: 'map-from', value: f.from });
  const to = h('input', { type: 'date', id: 'map-to', value: f.to });
  from.addEventListener('change', () => go({ ...fresh, from: from.value }));
  to.addEventListener('change', () => go({ ...fresh, to: to.value }));
  const channel = select(
    [
      { value: '', label: 'All channels' },
      ...CHANNEL_ORDER.map((c) => ({ value: c, label: words(c) })),
    ],
    f.channel,
  );
  channel.id = 'map-channel';
  channel.addEventListener('change', () => go({ ...fresh, channel: channel.value }));
  const color = select(
    [
      { value: 'friction', label: 'Friction at the step' },
      { value: 'time', label: 'Median time' },
    ],
    f.color,
  );
  color.id = 'map-color';
  color.addEventListener('change', () => go({ color: color.value }));
  const today = Date.now();
  const preset = (label: string, days: number | null) =>
    h(
      'button',
      {
        type: 'button',
        class: 'chip',
        onclick: () =>
          go(
            days === null
              ? { ...fresh, from: '', to: '' }
              : { ...fresh, from: day(today - (days - 1) * DAY_MS), to: day(today) },
          ),
      },
      label,
    );
  return h(
    'form',
    { class: 'filters', 'aria-label': 'Map filters', onsubmit: (e: Event) => e.preventDefault() },
    field('Journey', journeySel),
    field('From', from),
    field('To', to),
    field('Channel', channel),
    field('Colour transitions by', color),
    h(
      'div',
      { class: 'presets', role: 'group', 'aria-label': 'Date presets' },
      preset('7 days', 7),
      preset('30 days', 30),
      preset('90 days', 90),
      preset('All time', null),
    ),
  );
}
