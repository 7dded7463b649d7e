import {
  Contributions,
  emptyContributions,
  parseCounterKey,
  VARIANT_METRIC_PREFIX,
} from './contribution-keys';

/**
 * The change between two contributions of one customer (before and after a re-segmentation):
 * what the projector applies to the aggregate map.
 */
export interface ContributionsDiff {
  /** after - before per counter key; zero deltas are left out. */
  readonly counters: Map<string, number>;
  /** Duration samples to add per key (multiset after minus before), sorted ascending. */
  readonly durationsAdded: Map<string, number[]>;
  /** Duration samples to remove per key (multiset before minus after), sorted ascending. */
  readonly durationsRemoved: Map<string, number[]>;
  /**
   * Steps of the variants `after` names and `before` does not: those rows may not be stored yet
   * (the rest were, with `before`). Content-addressed, so writing one again is harmless.
   */
  readonly variants: Map<string, readonly string[]>;
}

export function diffContributions(before: Contributions, after: Contributions): ContributionsDiff {
  const counters = new Map<string, number>();
  for (const key of unionOfKeys(before.counters, after.counters)) {
    const delta = (after.counters.get(key) ?? 0) - (before.counters.get(key) ?? 0);
    if (delta !== 0) counters.set(key, delta);
  }
  const durationsAdded = new Map<string, number[]>();
  const durationsRemoved = new Map<string, number[]>();
  for (const key of unionOfKeys(before.durations, after.durations)) {
    const old = before.durations.get(key) ?? [];
    const now = after.durations.get(key) ?? [];
    const added = multisetMinus(now, old);
    const removed = multisetMinus(old, now);
    if (added.length > 0) durationsAdded.set(key, added);
    if (removed.length > 0) durationsRemoved.set(key, removed);
  }
  const variants = new Map<string, readonly string[]>();
  for (const [id, steps] of after.variants) if (!before.variants.has(id)) variants.set(id, steps);
  return { counters, durationsAdded, durationsRemoved, variants };
}

/**
 * Applies a diff to contributions (or to any sum of them): counters that reach zero and empty
 * duration lists disappear. Removing a sample that is not there throws: the diff does not belong
 * to this base.
 */
export function applyContributionsDiff(
  base: Contributions,
  diff: ContributionsDiff,
): Contributions {
  const out = emptyContributions();
  for (const key of unionOfKeys(base.counters, diff.counters)) {
    const value = (base.counters.get(key) ?? 0) + (diff.counters.get(key) ?? 0);
    if (value !== 0) out.counters.set(key, value);
  }
  const durationKeys = new Set([...unionOfKeys(base.durations, diff.durationsAdded)]);
  for (const key of diff.durationsRemoved.keys()) durationKeys.add(key);
  for (const key of [...durationKeys].sort()) {
    const held = base.durations.get(key) ?? [];
    const removed = diff.durationsRemoved.get(key) ?? [];
    const kept = multisetMinus(held, removed);
    if (kept.length !== held.length - removed.length) {
      throw new RangeError(`Cannot remove duration samples that are not there: ${key}`);
    }
    const next = [...kept, ...(diff.durationsAdded.get(key) ?? [])].sort((a, b) => a - b);
    if (next.length > 0) out.durations.set(key, next);
  }
  // The steps of the variants the resulting counters still name (the table of steps is
  // content-addressed and may keep more; a sum is compared by what it names).
  const named = new Set<string>();
  for (const key of out.counters.keys()) {
    const c = parseCounterKey(key);
    if (c?.metric.startsWith(VARIANT_METRIC_PREFIX)) named.add(c.key);
  }
  for (const [id, steps] of [...base.variants, ...diff.variants])
    if (named.has(id)) out.variants.set(id, steps);
  return out;
}

function unionOfKeys<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}

/** The values of `a` left after taking out one occurrence per value of `b`, sorted ascending. */
function multisetMinus(a: readonly number[], b: readonly number[]): number[] {
  const take = new Map<number, number>();
  for (const v of b) take.set(v, (take.get(v) ?? 0) + 1);
  const out: number[] = [];
  for (const v of a) {
    const n = take.get(v) ?? 0;
    if (n > 0) take.set(v, n - 1);
    else out.push(v);
  }
  return out.sort((x, y) => x - y);
}
