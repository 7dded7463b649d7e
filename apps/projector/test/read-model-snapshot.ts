import { Pool } from 'pg';
import { QuantileSketch } from '@journey/domain';

/** Each (journey, channel, day, edge)'s sketches of every partition merged; empty ones left out. */
function mergedSketches(
  rows: { journey: string; channel: string; day: Date; edge: string; sketch: never }[],
) {
  // rm_variant_durations rows come as `variant AS edge`: the same merge.
  const out: { journey: string; channel: string; day: Date; edge: string; sketch: unknown }[] = [];
  let key = '';
  let merged: QuantileSketch | null = null;
  const flush = () => {
    if (merged && merged.count > 0) out[out.length - 1].sketch = merged.toJSON();
    else if (merged) out.pop();
  };
  for (const r of rows) {
    const k = `${r.journey}|${r.channel}|${r.day.toISOString()}|${r.edge}`;
    if (k !== key) {
      flush();
      key = k;
      merged = QuantileSketch.fromJSON(r.sketch);
      out.push({ journey: r.journey, channel: r.channel, day: r.day, edge: r.edge, sketch: null });
    } else merged = merged!.merge(QuantileSketch.fromJSON(r.sketch));
  }
  flush();
  return out;
}

/**
 * The journeys projection's read models as comparable data (zero counters and empty sketches carry
 * no information). `withArrival: false` leaves out where each touchpoint landed in the global
 * order, the one thing two arrival orders of the same events may differ in.
 */
export async function readModelSnapshot(pool: Pool, options: { withArrival?: boolean } = {}) {
  const q = async (sql: string) => (await pool.query(sql)).rows;
  const arrival = options.withArrival === false ? '' : ', arrival';
  return {
    instances: await q(
      'SELECT customer_id, journey, instance_id, status, started_at, last_activity_at, steps FROM rm_journey_instances ORDER BY 1, 2, 3',
    ),
    // Summed over partitions: how many there are is not part of what the read models say.
    counters: await q(
      `SELECT journey, channel, day, metric, key, sum(value)::bigint AS value FROM rm_map_counters
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(value) <> 0 ORDER BY 1, 2, 3, 4, 5`,
    ),
    durations: mergedSketches(
      await q(
        'SELECT journey, channel, day, edge, sketch FROM rm_map_durations ORDER BY 1, 2, 3, 4, partition',
      ),
    ),
    variantDurations: mergedSketches(
      await q(
        'SELECT journey, channel, day, variant AS edge, sketch FROM rm_variant_durations ORDER BY 1, 2, 3, 4, partition',
      ),
    ),
    // Insert-if-absent and never removed: a live run may keep a variant a later correction left.
    variants: await q(
      `SELECT v.journey, v.variant, v.steps, v.step_count FROM rm_journey_variants v
        WHERE v.variant IN (SELECT c.key FROM rm_map_counters c
                             WHERE c.journey = v.journey AND c.metric LIKE 'variant:%' AND c.channel = '*'
                             GROUP BY c.key, c.metric, c.day HAVING sum(c.value) <> 0)
        ORDER BY 1, 2`,
    ),
    facts: await q(
      `SELECT source_stream, touchpoint_id, customer_id, anonymous_id, journey, step, stage, channel, outcome,
              occurred_at, journey_instance_id${arrival} FROM rm_touchpoints ORDER BY 1, 2`,
    ),
    feedback: await q('SELECT * FROM rm_feedback ORDER BY 1, 2'),
    // slow_step against the map's p90 depends on what the map held when the step was detected;
    // with out-of-order arrivals that differs from the complete history (docs/journeys.md).
    frictions: await q(
      `SELECT id, customer_id, journey, instance_id, type, trigger_id, touchpoint_id, step, stage, channel, occurred_at,
              touchpoint_ids, feedback_id,
              CASE WHEN type = 'slow_step' THEN detail::jsonb - 'p90Ms' - 'samples' - 'exceeded' ELSE detail::jsonb END AS detail
         FROM rm_friction_occurrences WHERE NOT (type = 'slow_step' AND NOT detail::jsonb->'exceeded' ? 'sla')
        ORDER BY id`,
    ),
    links: await q('SELECT anonymous_id, customer_id FROM rm_identity_links ORDER BY 1'),
    definitions: await q('SELECT journey, version FROM rm_journey_definitions ORDER BY 1'),
  };
}
