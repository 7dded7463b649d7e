// What the map page loads besides the map: friction points for colouring, chosen variants.
import { ApiClient, ApiError } from '../api/client';
import type { FrictionPoint, Variant } from '../api/types';
import { aborted } from '../page';

type Range = { from?: string; to?: string; channel?: string };

/** The API's page size bound for friction points and variants. */
export const API_MAX_LIMIT = 100;
/** Friction points read for colouring: the most severe ones, at most this many pages. */
const FRICTION_PAGES = 3;

/**
 * The journey's friction points by severity, most severe first: pages of 100 (the API's bound)
 * until the end or FRICTION_PAGES pages. The tail is the least severe and barely moves colours.
 */
export async function mapFrictions(
  api: ApiClient,
  journey: string,
  range: Range,
  signal: AbortSignal,
): Promise<FrictionPoint[]> {
  const out: FrictionPoint[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < FRICTION_PAGES; page++) {
    const r = await api.frictionPoints(
      { journey, ...range, sort: 'severity', limit: API_MAX_LIMIT, cursor },
      signal,
    );
    out.push(...r.frictionPoints);
    cursor = r.nextCursor;
    if (!cursor) break;
  }
  return out;
}

export function frictionsByStep(
  points: FrictionPoint[],
): Map<string, { severity: number; points: FrictionPoint[] }> {
  const out = new Map<string, { severity: number; points: FrictionPoint[] }>();
  for (const p of points) {
    const entry = out.get(p.step) ?? out.set(p.step, { severity: 0, points: [] }).get(p.step)!;
    entry.severity += p.severity;
    entry.points.push(p);
  }
  return out;
}

export type VariantChoice =
  { variants: Variant[]; label: string; closedInstances: number } | { note: string };

/** How many pages of variants a search for one variant id reads before giving up. */
const SEARCH_PAGES = 5;

/**
 * The variants the map is filtered to (`variants=top:N`, or `variant=<id>`), or a note saying why
 * it cannot be (a server without the endpoint answers 404); null when there is no filter.
 */
export async function chosenVariants(
  api: ApiClient,
  journey: string,
  range: Range,
  f: { variant: string; variants: string },
  signal: AbortSignal,
): Promise<VariantChoice | null> {
  const top = /^top:(\d+)$/.exec(f.variants);
  if (!top && !f.variant) return null;
  try {
    if (top) {
      const n = Math.min(API_MAX_LIMIT, Math.max(1, Number(top[1])));
      const r = await api.variants(journey, { ...range, limit: n }, signal);
      return {
        variants: r.variants.slice(0, n),
        label: `the top ${n} variant${n === 1 ? '' : 's'}`,
        closedInstances: r.closedInstances,
      };
    }
    let cursor: string | null = null;
    for (let page = 0; page < SEARCH_PAGES; page++) {
      const r = await api.variants(journey, { ...range, limit: API_MAX_LIMIT, cursor }, signal);
      const rank = r.variants.findIndex((v) => v.variant === f.variant);
      if (rank >= 0)
        return {
          variants: [r.variants[rank]],
          label: `variant #${page * API_MAX_LIMIT + rank + 1}`,
          closedInstances: r.closedInstances,
        };
      cursor = r.nextCursor;
      if (!cursor) break;
    }
    return {
      note: 'The chosen variant is not among this range’s variants: the whole map is drawn.',
    };
  } catch (err) {
    if (aborted(err)) throw err;
    return {
      note:
        err instanceof ApiError && err.status === 404
          ? 'Variants are not available on this server yet: the whole map is drawn.'
          : `Variants could not be loaded (${(err as Error).message}): the whole map is drawn.`,
    };
  }
}
