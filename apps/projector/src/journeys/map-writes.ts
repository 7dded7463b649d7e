import { PoolClient } from 'pg';
import {
  Contributions,
  ContributionsDiff,
  parseCounterKey,
  parseDurationKey,
  QuantileSketch,
} from '@journey/domain';

/** Journey-map changes gathered over a batch, written once at its end. */
export class MapDelta {
  /** Per journey: the domain's own key strings, so adding builds no new string per counter. */
  private readonly counters = new Map<string, Map<string, number>>();
  private readonly added = new Map<string, Map<string, number[]>>();
  private readonly removed = new Map<string, Map<string, number[]>>();

  add(journey: string, diff: ContributionsDiff): void {
    const counters = of(this.counters, journey);
    for (const [key, delta] of diff.counters) counters.set(key, (counters.get(key) ?? 0) + delta);
    if (diff.durationsAdded.size > 0) pushAll(of(this.added, journey), diff.durationsAdded);
    if (diff.durationsRemoved.size > 0) pushAll(of(this.removed, journey), diff.durationsRemoved);
  }

  /** Contributions summed elsewhere (a rebuild adds whole customers, nothing to subtract). */
  addSum(journey: string, c: Contributions): void {
    const counters = of(this.counters, journey);
    for (const [key, n] of c.counters) counters.set(key, (counters.get(key) ?? 0) + n);
    pushAll(of(this.added, journey), c.durations);
  }

  /** Into the partition's own counter and sketch rows (queries sum over partitions). */
  async write(tx: PoolClient, partition: number): Promise<void> {
    await this.writeCounters(tx, partition);
    await this.writeDurations(tx, partition);
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
    const parsed: { journey: string; k: string; day: string; channel: string; edge: string }[] = [];
    for (const journey of new Set([...this.added.keys(), ...this.removed.keys()])) {
      const keys = new Set([
        ...(this.added.get(journey)?.keys() ?? []),
        ...(this.removed.get(journey)?.keys() ?? []),
      ]);
      for (const k of keys) {
        const d = parseDurationKey(k)!;
        parsed.push({ journey, k, day: d.day, channel: d.channel, edge: `${d.from}\u0001${d.to}` });
      }
    }
    if (parsed.length === 0) return;
    const { rows } = await tx.query<{
      journey: string;
      channel: string;
      day: string;
      edge: string;
      sketch: object;
    }>(
      `SELECT m.journey, m.channel, to_char(m.day, 'YYYY-MM-DD') AS day, m.edge, m.sketch FROM rm_map_durations m
         JOIN unnest($1::text[], $2::text[], $3::date[], $4::text[]) AS k(journey, channel, day, edge)
           ON m.journey = k.journey AND m.channel = k.channel AND m.day = k.day AND m.edge = k.edge
        WHERE m.partition = $5::smallint
        FOR UPDATE OF m`,
      [
        parsed.map((p) => p.journey),
        parsed.map((p) => p.channel),
        parsed.map((p) => p.day),
        parsed.map((p) => p.edge),
        partition,
      ],
    );
    const stored = new Map(
      rows.map((r) => [`${r.journey}|${r.day}|${r.channel}|${r.edge}`, r.sketch]),
    );
    const sketches = parsed.map((p) => {
      const json = stored.get(`${p.journey}|${p.day}|${p.channel}|${p.edge}`);
      const sketch = json ? QuantileSketch.fromJSON(json as never) : new QuantileSketch();
      for (const v of this.removed.get(p.journey)?.get(p.k) ?? []) sketch.remove(v);
      for (const v of this.added.get(p.journey)?.get(p.k) ?? []) sketch.add(v);
      return JSON.stringify(sketch.toJSON());
    });
    await tx.query(
      `INSERT INTO rm_map_durations AS m (journey, channel, day, edge, sketch, partition)
       SELECT *, $6::smallint FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::jsonb[])
       ON CONFLICT (journey, channel, day, edge, partition) DO UPDATE SET sketch = EXCLUDED.sketch`,
      [
        parsed.map((p) => p.journey),
        parsed.map((p) => p.channel),
        parsed.map((p) => p.day),
        parsed.map((p) => p.edge),
        sketches,
        partition,
      ],
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

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
