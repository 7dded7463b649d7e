import { FrictionOccurrence } from './types';

export interface FrictionsDiff {
  /** New occurrences, and those whose content changed (same id): to upsert. */
  readonly upserts: FrictionOccurrence[];
  /** Ids found before and not any more: to delete. */
  readonly removedIds: string[];
}

/**
 * What changed between two detections of the same instances. Occurrence ids are stable, so the
 * same pattern found again is neither removed nor rewritten, and applying the diff to the stored
 * occurrences of `before` gives exactly `after` (repeating it changes nothing).
 */
export function diffFrictions(
  before: readonly FrictionOccurrence[],
  after: readonly FrictionOccurrence[],
): FrictionsDiff {
  const old = new Map(before.map((o) => [o.id, o]));
  const ids = new Set(after.map((o) => o.id));
  return {
    upserts: after.filter((o) => {
      const held = old.get(o.id);
      return held === undefined || canonical(held) !== canonical(o);
    }),
    removedIds: before.filter((o) => !ids.has(o.id)).map((o) => o.id),
  };
}

/** JSON with keys sorted: stored copies (jsonb reorders keys) compare equal to fresh ones. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
