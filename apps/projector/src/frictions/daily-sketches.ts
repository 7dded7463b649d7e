import { PoolClient } from 'pg';
import { BaselineMemo, SketchCache } from './sketch-cache';
import { loadCachedDays } from './cached-sketch-days';
import {
  ALL_CHANNELS,
  EDGE_SEPARATOR,
  edgeKey,
  InstanceStep,
  QuantileSketch,
  QuantileSketchJson,
  TransitionBaseline,
  TransitionBaselineFn,
  utcDay,
} from '@journey/domain';

const DAY_MS = 86_400_000;

/**
 * Per-day duration sketches of each journey's transitions (all channels), the journey map's own
 * figures, as the baseline of slow_step. A baseline window is taken in whole UTC days: the days
 * from the window's start up to, not including, the step's own day, so a step never weighs in on
 * its own baseline and the answer depends only on complete-day sketches.
 */
export class DailySketches {
  /** journey -> edge -> day number -> the day's sketch and its row version (when read from one). */
  private readonly byJourney = new Map<string, Map<string, Map<number, Day>>>();
  /** One baseline per journey, its merges remembered across every customer asking (so every
   * sketch is added before the first baseline is asked for). */
  private readonly baselines = new Map<string, TransitionBaselineFn>();

  /** `memo`: baselines kept across loads, keyed by the versions of the rows they merged. */
  constructor(private readonly memo?: BaselineMemo) {}

  add(journey: string, edge: string, day: string, sketch: QuantileSketch, version?: string): void {
    let edges = this.byJourney.get(journey);
    if (!edges) this.byJourney.set(journey, (edges = new Map()));
    let days = edges.get(edge);
    if (!days) edges.set(edge, (days = new Map()));
    const n = Date.parse(day) / DAY_MS;
    const held = days.get(n);
    // Never merged into: a sketch added may be shared (SketchCache). Two sketches of one day
    // have no single row version (the cached load adds a day once, its partitions merged).
    days.set(n, held ? { sketch: held.sketch.clone().merge(sketch) } : { sketch, version });
  }

  baseline(journey: string): TransitionBaselineFn {
    let fn = this.baselines.get(journey);
    if (!fn) this.baselines.set(journey, (fn = this.newBaseline(journey)));
    return fn;
  }

  private newBaseline(journey: string): TransitionBaselineFn {
    const edges = this.byJourney.get(journey);
    const memo = new Map<string, TransitionBaseline | undefined>();
    return (from, to, window) => {
      const edge = `${from}${EDGE_SEPARATOR}${to}`;
      const days = edges?.get(edge);
      if (!days) return undefined;
      const first = Math.floor(window.fromMs / DAY_MS);
      const end = Math.floor(window.toMs / DAY_MS);
      const key = `${edge}${EDGE_SEPARATOR}${first}${EDGE_SEPARATOR}${end}`;
      if (memo.has(key)) return memo.get(key);
      // The rows merged, by version: the same rows unchanged give the same baseline as before.
      let versions: string | null = this.memo ? '' : null;
      for (let d = first; d < end && versions !== null; d++) {
        const day = days.get(d);
        if (day) versions = day.version === undefined ? null : `${versions}${d}:${day.version},`;
      }
      const memoKey = versions === null ? null : `${journey}|${key}|${versions}`;
      const known = memoKey === null ? undefined : this.memo!.get(memoKey);
      const found = known ? known.found : this.merged(days, first, end);
      if (memoKey !== null && !known) this.memo!.set(memoKey, found);
      memo.set(key, found);
      return found;
    };
  }

  private merged(days: Map<number, Day>, first: number, end: number) {
    const window: QuantileSketch[] = [];
    for (let d = first; d < end; d++) {
      const day = days.get(d);
      if (day) window.push(day.sketch);
    }
    const p90 = QuantileSketch.quantileOfUnion(window, 0.9);
    return p90 === null
      ? undefined
      : { p90Ms: p90.value, p90UpperMs: p90.upperBound, samples: p90.count };
  }
}

interface Day {
  readonly sketch: QuantileSketch;
  readonly version?: string;
}

/** Steps of an instance from `from` on, whose transitions need slow_step baselines. */
export interface TransitionSpan {
  readonly journey: string;
  readonly windowMs: number;
  readonly steps: readonly InstanceStep[];
  readonly from: number;
}

/**
 * The sketches the baselines of the spans' transitions read: only those transitions, over the
 * days from the earliest step's window to the latest step.
 */
export function loadTransitionSketches(
  tx: PoolClient,
  spans: readonly TransitionSpan[],
  cache?: SketchCache,
): Promise<DailySketches> {
  let first = Infinity;
  let last = -Infinity;
  let longest = 0;
  const edges = new Set<string>();
  for (const { windowMs, steps, from } of spans) {
    longest = Math.max(longest, windowMs);
    for (let k = Math.max(1, from); k < steps.length; k++) {
      edges.add(edgeKey(steps[k - 1].step, steps[k].step));
      first = Math.min(first, steps[k].occurredAt);
      last = Math.max(last, steps[k].occurredAt);
    }
  }
  const journeys = [...new Set(spans.map((s) => s.journey))];
  return loadDailySketches(tx, journeys, [...edges], first - longest, last, cache);
}

/**
 * The stored sketches of the given journeys' transitions (all when null) over [fromDay, toDay).
 * With a cache, each day's partitions come merged, and only days whose rows changed are read.
 */
export async function loadDailySketches(
  tx: PoolClient,
  journeys: readonly string[],
  edges: readonly string[] | null,
  fromMs: number,
  toMs: number,
  cache?: SketchCache,
): Promise<DailySketches> {
  const out = new DailySketches(cache?.baselines);
  if (journeys.length === 0 || edges?.length === 0 || !(toMs > fromMs)) return out;
  const range = [journeys, ALL_CHANNELS, utcDay(fromMs), utcDay(toMs), edges];
  const where = `WHERE m.journey = ANY($1::text[]) AND m.channel = $2 AND m.day >= $3::date
        AND m.day < $4::date AND ($5::text[] IS NULL OR m.edge = ANY($5::text[]))`;
  if (!cache) {
    const { rows } = await tx.query<StoredSketch>(
      `SELECT journey, to_char(day, 'YYYY-MM-DD') AS day, edge, sketch FROM rm_map_durations m ${where}`,
      range,
    );
    for (const r of rows) out.add(r.journey, r.edge, r.day, QuantileSketch.fromJSON(r.sketch));
    return out;
  }
  for (const d of await loadCachedDays(tx, where, range, ALL_CHANNELS, cache))
    out.add(d.journey, d.edge, d.day, d.sketch, d.version);
  return out;
}

interface StoredSketch {
  journey: string;
  day: string;
  edge: string;
  sketch: QuantileSketchJson;
}
