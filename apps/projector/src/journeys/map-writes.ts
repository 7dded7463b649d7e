import { PoolClient } from 'pg';
import {
  Contributions,
  ContributionsDiff,
  parseCounterKey,
  parseDurationKey,
  VARIANT_DURATION_FROM,
} from '@journey/domain';
import { MAP_SKETCHES, SketchKey, VARIANT_SKETCHES, writeSketches } from './sketch-writes';

/** Journey-map changes gathered over a batch, written once at its end. */
export class MapDelta {
  /** Per journey: the domain's own key strings, so adding builds no new string per counter. */
  private readonly counters = new Map<string, Map<string, number>>();
  private readonly added = new Map<string, Map<string, number[]>>();
  private readonly removed = new Map<string, Map<string, number[]>>();
  /** Per journey: variant id -> steps, for rm_journey_variants. */
  private readonly variants = new Map<string, Map<string, readonly string[]>>();

  add(journey: string, diff: ContributionsDiff): void {
    const counters = of(this.counters, journey);
    for (const [key, delta] of diff.counters) counters.set(key, (counters.get(key) ?? 0) + delta);
    if (diff.durationsAdded.size > 0) pushAll(of(this.added, journey), diff.durationsAdded);
    if (diff.durationsRemoved.size > 0) pushAll(of(this.removed, journey), diff.durationsRemoved);
    if (diff.variants.size > 0) addVariants(of(this.variants, journey), diff.variants);
  }

  /** Contributions summed elsewhere (a rebuild adds whole customers, nothing to subtract). */
  addSum(journey: string, c: Contributions): void {
    const counters = of(this.counters, journey);
    for (const [key, n] of c.counters) counters.set(key, (counters.get(key) ?? 0) + n);
    pushAll(of(this.added, journey), c.durations);
    if (c.variants.size > 0) addVariants(of(this.variants, journey), c.variants);
  }

  /** Into the partition's own counter and sketch rows (queries sum over partitions). */
  async write(tx: PoolClient, partition: number): Promise<void> {
    await this.writeCounters(tx, partition);
    await this.writeDurations(tx, partition);
    await this.writeVariants(tx);
  }

  private async writeCounters(tx: PoolClient, partition: number): Promise<void> {
    const rows: { journey: string; key: string; delta: number }[] = [];
    for (const [journey, counters] of this.counters)
      for (const [key, delta] of counters) if (delta !== 0) rows.push({ journey, key, delta });
    if (rows.length === 0) return;
    // Sorted: concurrent writers then lock counter rows in the same order.
    rows.sort((a, b) => compare(a.journey, b.journey) || compare(a.key, b.key));
    const parsed = rows.map((r) => ({
      journey: r.journey,
      c: parseCounterKey(r.key)!,
      delta: r.delta,
    }));
    await tx.query(
      `INSERT INTO rm_map_counters AS m (journey, channel, day, metric, key, value, partition)
       SELECT *, $7::smallint FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::bigint[])
       ON CONFLICT (journey, channel, day, metric, key, partition) DO UPDATE SET value = m.value + EXCLUDED.value`,
      [
        parsed.map((p) => p.journey),
        parsed.map((p) => p.c.channel),
        parsed.map((p) => p.c.day),
        parsed.map((p) => p.c.metric),
        parsed.map((p) => p.c.key),
        parsed.map((p) => p.delta),
        partition,
      ],
    );
  }

  private async writeDurations(tx: PoolClient, partition: number): Promise<void> {
    const edges: SketchKey[] = [];
    const variants: SketchKey[] = [];
    for (const journey of new Set([...this.added.keys(), ...this.removed.keys()])) {
      const keys = new Set([
        ...(this.added.get(journey)?.keys() ?? []),
        ...(this.removed.get(journey)?.keys() ?? []),
      ]);
      for (const k of keys) {
        const d = parseDurationKey(k)!;
        const { day, channel } = d;
        if (d.from === VARIANT_DURATION_FROM) variants.push({ journey, k, day, channel, id: d.to });
        else edges.push({ journey, k, day, channel, id: `${d.from}\u0001${d.to}` });
      }
    }
    const samples = { added: this.added, removed: this.removed };
    await writeSketches(tx, MAP_SKETCHES, edges, samples, partition);
    await writeSketches(tx, VARIANT_SKETCHES, variants, samples, partition);
  }

  /** Insert-if-absent: a variant's row is the hash's preimage, the same whoever writes it. */
  private async writeVariants(tx: PoolClient): Promise<void> {
    const rows: { journey: string; id: string; steps: readonly string[] }[] = [];
    for (const [journey, ids] of this.variants)
      for (const [id, steps] of ids) rows.push({ journey, id, steps });
    if (rows.length === 0) return;
    rows.sort((a, b) => compare(a.journey, b.journey) || compare(a.id, b.id));
    await tx.query(
      `INSERT INTO rm_journey_variants (journey, variant, steps, step_count)
       SELECT v.journey, v.id, ARRAY(SELECT jsonb_array_elements_text(v.steps)), jsonb_array_length(v.steps)
         FROM jsonb_to_recordset($1::jsonb) AS v(journey text, id text, steps jsonb)
       ON CONFLICT (journey, variant) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }
}

function of<V>(m: Map<string, Map<string, V>>, journey: string): Map<string, V> {
  let inner = m.get(journey);
  if (!inner) m.set(journey, (inner = new Map()));
  return inner;
}

function pushAll(into: Map<string, number[]>, from: ReadonlyMap<string, readonly number[]>) {
  for (const [k, values] of from) {
    const list = into.get(k);
    if (list) for (const v of values) list.push(v);
    else into.set(k, [...values]);
  }
}

function addVariants(
  into: Map<string, readonly string[]>,
  from: ReadonlyMap<string, readonly string[]>,
) {
  for (const [id, steps] of from) if (!into.has(id)) into.set(id, steps);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
