import { PoolClient } from 'pg';
import { QuantileSketch } from '@journey/domain';
import { SketchCache, sketchKey } from './sketch-cache';

/** A day's sketch of one edge, all partitions merged, and the versions of the rows it merged. */
export interface SketchDay {
  readonly journey: string;
  readonly day: string;
  readonly edge: string;
  readonly sketch: QuantileSketch;
  readonly version: string;
}

/**
 * A day's row versions, partition by partition: the same rows unchanged give the same string.
 * The xmin of a row is the transaction that last wrote it.
 */
const VERSION = `string_agg(m.partition::text || ':' || m.xmin::text, '+' ORDER BY m.partition)`;

/**
 * The days' sketches over `where` (on rm_map_durations m, with `range` as its parameters), merged
 * across partitions, from the cache where it holds them at their rows' current versions. Days it
 * does not hold are merged by PostgreSQL (bucket counts summed) and parsed once: one cached entry
 * per day and edge whatever the partition count. Holding each partition's row instead made 16
 * partitions keep over 50,000 entries on three months of long journeys, and the cache thrashed.
 */
export async function loadCachedDays(
  tx: PoolClient,
  where: string,
  range: unknown[],
  channel: string,
  cache: SketchCache,
): Promise<SketchDay[]> {
  const { rows: days } = await tx.query<{
    journey: string;
    day: string;
    edge: string;
    version: string;
  }>(
    `SELECT m.journey, to_char(m.day, 'YYYY-MM-DD') AS day, m.edge, ${VERSION} AS version
       FROM rm_map_durations m ${where} GROUP BY m.journey, m.day, m.edge`,
    range,
  );
  const out: SketchDay[] = [];
  const stale: typeof days = [];
  for (const d of days) {
    const sketch = cache.get(sketchKey(d.journey, d.day, d.edge, -1), d.version);
    if (sketch) out.push({ ...d, sketch });
    else stale.push(d);
  }
  if (stale.length === 0) return out;
  // Versions come with the merge from the same snapshot: a row rewritten since the first read
  // answers as merged now, under its new version.
  const { rows } = await tx.query<{
    journey: string;
    day: string;
    edge: string;
    version: string;
    z: number;
    b: Record<string, number> | null;
  }>(
    `WITH k AS (
       SELECT DISTINCT * FROM unnest($1::text[], $2::date[], $3::text[]) AS k(journey, day, edge)
     ), r AS (
       SELECT m.*, m.xmin FROM rm_map_durations m
         JOIN k ON m.journey = k.journey AND m.channel = $4 AND m.day = k.day AND m.edge = k.edge
     ), buckets AS (
       SELECT journey, day, edge, jsonb_object_agg(bucket, n) AS b
         FROM (SELECT r.journey, r.day, r.edge, e.key AS bucket, sum(e.value::bigint)::float8 AS n
                 FROM r, jsonb_each_text(r.sketch->'b') e GROUP BY 1, 2, 3, 4) per_bucket
        GROUP BY 1, 2, 3
     )
     SELECT v.journey, to_char(v.day, 'YYYY-MM-DD') AS day, v.edge, v.version, v.z, buckets.b
       FROM (SELECT m.journey, m.day, m.edge, ${VERSION} AS version,
                    sum((m.sketch->>'z')::bigint)::float8 AS z
               FROM r m GROUP BY 1, 2, 3) v
       LEFT JOIN buckets USING (journey, day, edge)`,
    [stale.map((d) => d.journey), stale.map((d) => d.day), stale.map((d) => d.edge), channel],
  );
  cache.fullReads += rows.length;
  for (const r of rows) {
    const sketch = QuantileSketch.fromJSON({ z: r.z, b: r.b ?? {} });
    // Never merged into afterwards: the cache shares it.
    cache.set(sketchKey(r.journey, r.day, r.edge, -1), r.version, sketch);
    out.push({ journey: r.journey, day: r.day, edge: r.edge, sketch, version: r.version });
  }
  return out;
}
