import { PoolClient } from 'pg';
import { QuantileSketch } from '@journey/domain';

/** One sketch row to update: `k` is the domain's duration key of its samples, `id` its key column. */
export interface SketchKey {
  readonly journey: string;
  readonly k: string;
  readonly day: string;
  readonly channel: string;
  readonly id: string;
}

/** A table of daily sketches keyed by (journey, channel, day, <column>, partition). */
export interface SketchTable {
  readonly table: string;
  readonly column: string;
}

export const MAP_SKETCHES: SketchTable = { table: 'rm_map_durations', column: 'edge' };
export const VARIANT_SKETCHES: SketchTable = { table: 'rm_variant_durations', column: 'variant' };

type Samples = ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;

/** Reads the rows (locked), removes and adds the samples, writes them back. */
export async function writeSketches(
  tx: PoolClient,
  { table, column }: SketchTable,
  keys: readonly SketchKey[],
  samples: { readonly added: Samples; readonly removed: Samples },
  partition: number,
): Promise<void> {
  if (keys.length === 0) return;
  const { rows } = await tx.query<{
    journey: string;
    channel: string;
    day: string;
    id: string;
    sketch: object;
  }>(
    `SELECT m.journey, m.channel, to_char(m.day, 'YYYY-MM-DD') AS day, m.${column} AS id, m.sketch FROM ${table} m
       JOIN unnest($1::text[], $2::text[], $3::date[], $4::text[]) AS k(journey, channel, day, id)
         ON m.journey = k.journey AND m.channel = k.channel AND m.day = k.day AND m.${column} = k.id
      WHERE m.partition = $5::smallint
      FOR UPDATE OF m`,
    [
      keys.map((p) => p.journey),
      keys.map((p) => p.channel),
      keys.map((p) => p.day),
      keys.map((p) => p.id),
      partition,
    ],
  );
  const stored = new Map(rows.map((r) => [`${r.journey}|${r.day}|${r.channel}|${r.id}`, r.sketch]));
  const sketches = keys.map((p) => {
    const json = stored.get(`${p.journey}|${p.day}|${p.channel}|${p.id}`);
    const sketch = json ? QuantileSketch.fromJSON(json as never) : new QuantileSketch();
    for (const v of samples.removed.get(p.journey)?.get(p.k) ?? []) sketch.remove(v);
    for (const v of samples.added.get(p.journey)?.get(p.k) ?? []) sketch.add(v);
    return JSON.stringify(sketch.toJSON());
  });
  await tx.query(
    `INSERT INTO ${table} AS m (journey, channel, day, ${column}, sketch, partition)
     SELECT *, $6::smallint FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::jsonb[])
     ON CONFLICT (journey, channel, day, ${column}, partition) DO UPDATE SET sketch = EXCLUDED.sketch`,
    [
      keys.map((p) => p.journey),
      keys.map((p) => p.channel),
      keys.map((p) => p.day),
      keys.map((p) => p.id),
      sketches,
      partition,
    ],
  );
}
