import { Pool } from 'pg';
import { FrictionFilter, PointKey } from './friction-points.query';

/** $1..$6 of every query below: the filter, days as UTC bounds. */
export function filterParams(f: FrictionFilter): unknown[] {
  return [f.journey, f.type, f.step, f.channel, f.from, f.to];
}

const MATCHING = `
  SELECT * FROM rm_friction_occurrences
   WHERE ($1::text IS NULL OR journey = $1) AND ($2::text IS NULL OR type = $2)
     AND ($3::text IS NULL OR step = $3) AND ($4::text IS NULL OR channel = $4)
     AND ($5::date IS NULL OR occurred_at >= $5::date::timestamp AT TIME ZONE 'UTC')
     AND ($6::date IS NULL OR occurred_at < ($6::date + 1)::timestamp AT TIME ZONE 'UTC')`;

export interface PointRow extends PointKey {
  occurrences: number;
  customers: number;
  instances: number;
  closed_with: number;
  completed_with: number;
  first_seen: Date;
  last_seen: Date;
}

/** Every point the filter matches, with its counts and its instances' outcomes. */
export async function aggregatePoints(pool: Pool, f: FrictionFilter): Promise<PointRow[]> {
  const { rows } = await pool.query<PointRow>(
    `WITH o AS (${MATCHING}),
     per_instance AS (
       SELECT o.journey, o.step, o.channel, o.type, o.customer_id, o.instance_id, count(*) AS n,
              min(o.occurred_at) AS first_seen, max(o.occurred_at) AS last_seen
         FROM o GROUP BY 1, 2, 3, 4, 5, 6)
     SELECT p.journey, p.step, p.channel, p.type, sum(p.n)::int AS occurrences,
            count(DISTINCT p.customer_id)::int AS customers, count(*)::int AS instances,
            (count(*) FILTER (WHERE i.status IN ('completed', 'failed', 'abandoned')))::int AS closed_with,
            (count(*) FILTER (WHERE i.status = 'completed'))::int AS completed_with,
            min(p.first_seen) AS first_seen, max(p.last_seen) AS last_seen
       FROM per_instance p
       LEFT JOIN rm_journey_instances i
         ON i.customer_id = p.customer_id AND i.journey = p.journey AND i.instance_id = p.instance_id
      GROUP BY 1, 2, 3, 4`,
    filterParams(f),
  );
  return rows;
}

export interface PassedRow {
  journey: string;
  channel: string;
  step: string;
  status: string;
  n: number;
}

/** Instances that went through each step, per channel and outcome (the map's step_instances). */
export async function passedSteps(pool: Pool, f: FrictionFilter): Promise<PassedRow[]> {
  const { rows } = await pool.query<PassedRow>(
    `SELECT journey, channel, key AS step, substr(metric, length('step_instances:') + 1) AS status,
            sum(value)::int AS n
       FROM rm_map_counters
      WHERE metric LIKE 'step\\_instances:%' AND channel <> '*'
        AND ($1::text IS NULL OR journey = $1) AND ($2::text IS NULL OR key = $2)
        AND ($3::text IS NULL OR channel = $3)
        AND ($4::date IS NULL OR day >= $4::date) AND ($5::date IS NULL OR day <= $5::date)
      GROUP BY 1, 2, 3, 4`,
    [f.journey, f.step, f.channel, f.from, f.to],
  );
  return rows;
}

/** Daily occurrences and a few recent customers of the given points. */
export async function trendsAndExamples(
  pool: Pool,
  f: FrictionFilter,
  keys: readonly PointKey[],
): Promise<{
  trend: { journey: string; step: string; channel: string; type: string; day: string; n: number }[];
  examples: { journey: string; step: string; channel: string; type: string; customer_id: string }[];
}> {
  if (keys.length === 0) return { trend: [], examples: [] };
  const keyParams = [
    keys.map((k) => k.journey),
    keys.map((k) => k.step),
    keys.map((k) => k.channel),
    keys.map((k) => k.type),
  ];
  const ofPage = `WITH o AS (${MATCHING}), k AS (SELECT * FROM unnest($7::text[], $8::text[], $9::text[], $10::text[])
                    AS k(journey, step, channel, type)),
                  m AS (SELECT o.* FROM o JOIN k USING (journey, step, channel, type))`;
  const [trend, examples] = await Promise.all([
    pool.query(
      `${ofPage}
       SELECT journey, step, channel, type, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              count(*)::int AS n
         FROM m GROUP BY 1, 2, 3, 4, 5 ORDER BY 5`,
      [...filterParams(f), ...keyParams],
    ),
    pool.query(
      `${ofPage}
       SELECT journey, step, channel, type, customer_id FROM (
         SELECT journey, step, channel, type, customer_id,
                row_number() OVER (PARTITION BY journey, step, channel, type ORDER BY max(occurred_at) DESC, customer_id) AS rn
           FROM m GROUP BY 1, 2, 3, 4, 5) x
        WHERE rn <= 3 ORDER BY rn`,
      [...filterParams(f), ...keyParams],
    ),
  ]);
  return { trend: trend.rows, examples: examples.rows };
}

/** The most recent occurrences of one point, as stored. */
export async function recentOccurrences(pool: Pool, f: FrictionFilter, limit: number) {
  const { rows } = await pool.query(`${MATCHING} ORDER BY occurred_at DESC, id LIMIT $7`, [
    ...filterParams(f),
    limit,
  ]);
  return rows;
}
