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
  private readonly counters = new Map<string, number>();
  private readonly added = new Map<string, number[]>();
  private readonly removed = new Map<string, number[]>();

  add(journey: string, diff: ContributionsDiff): void {
    for (const [key, delta] of diff.counters) bump(this.counters, `${journey}|${key}`, delta);
    for (const [key, values] of diff.durationsAdded) push(this.added, `${journey}|${key}`, values);
    for (const [key, values] of diff.durationsRemoved)
      push(this.removed, `${journey}|${key}`, values);
  }

  /** Contributions summed elsewhere (a rebuild adds whole customers, nothing to subtract). */
  addSum(journey: string, c: Contributions): void {
    for (const [key, n] of c.counters) bump(this.counters, `${journey}|${key}`, n);
    for (const [key, values] of c.durations) push(this.added, `${journey}|${key}`, values);
  }

  async write(tx: PoolClient): Promise<void> {
    await this.writeCounters(tx);
    await this.writeDurations(tx);
  }

  private async writeCounters(tx: PoolClient): Promise<void> {
    // Sorted: concurrent writers then lock counter rows in the same order.
    const rows = [...this.counters]
      .filter(([, d]) => d !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, d]) => ({ ...split(k), delta: d }));
    if (rows.length === 0) return;
    const parsed = rows.map((r) => ({
      journey: r.journey,
      c: parseCounterKey(r.rest)!,
      delta: r.delta,
    }));
    await tx.query(
      `INSERT INTO rm_map_counters AS m (journey, channel, day, metric, key, value)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::bigint[])
       ON CONFLICT (journey, channel, day, metric, key) DO UPDATE SET value = m.value + EXCLUDED.value`,
      [
        parsed.map((p) => p.journey),
        parsed.map((p) => p.c.channel),
        parsed.map((p) => p.c.day),
        parsed.map((p) => p.c.metric),
        parsed.map((p) => p.c.key),
        parsed.map((p) => p.delta),
      ],
    );
  }

  private async writeDurations(tx: PoolClient): Promise<void> {
    const keys = [...new Set([...this.added.keys(), ...this.removed.keys()])];
    if (keys.length === 0) return;
    const parsed = keys.map((k) => {
      const { journey, rest } = split(k);
      const d = parseDurationKey(rest)!;
      return { k, journey, day: d.day, channel: d.channel, edge: `${d.from}\u0001${d.to}` };
    });
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
        FOR UPDATE OF m`,
      [
        parsed.map((p) => p.journey),
        parsed.map((p) => p.channel),
        parsed.map((p) => p.day),
        parsed.map((p) => p.edge),
      ],
    );
    const stored = new Map(
      rows.map((r) => [`${r.journey}|${r.day}|${r.channel}|${r.edge}`, r.sketch]),
    );
    const sketches = parsed.map((p) => {
      const json = stored.get(`${p.journey}|${p.day}|${p.channel}|${p.edge}`);
      const sketch = json ? QuantileSketch.fromJSON(json as never) : new QuantileSketch();
      for (const v of this.removed.get(p.k) ?? []) sketch.remove(v);
      for (const v of this.added.get(p.k) ?? []) sketch.add(v);
      return JSON.stringify(sketch.toJSON());
    });
    await tx.query(
      `INSERT INTO rm_map_durations AS m (journey, channel, day, edge, sketch)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::jsonb[])
       ON CONFLICT (journey, channel, day, edge) DO UPDATE SET sketch = EXCLUDED.sketch`,
      [
        parsed.map((p) => p.journey),
        parsed.map((p) => p.channel),
        parsed.map((p) => p.day),
        parsed.map((p) => p.edge),
        sketches,
      ],
    );
  }
}

function split(k: string): { journey: string; rest: string } {
  const i = k.indexOf('|');
  return { journey: k.slice(0, i), rest: k.slice(i + 1) };
}

function bump(m: Map<string, number>, k: string, d: number) {
  m.set(k, (m.get(k) ?? 0) + d);
}

function push(m: Map<string, number[]>, k: string, values: readonly number[]) {
  const list = m.get(k);
  if (list) list.push(...values);
  else m.set(k, [...values]);
}
