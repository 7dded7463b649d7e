import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { JOURNEY_STREAM_PREFIXES } from '@journey/events';
import {
  eventsProcessed as processedBy,
  listCheckpoints,
  recordedPartitions,
} from '@journey/read-models';

/** The streams the journeys projection follows, as LIKE patterns. */
export const FOLLOWED_PATTERNS = JOURNEY_STREAM_PREFIXES.map((p) => `${p}%`);

/**
 * The journeys projection's partition count; 1 until a projector records one (and for a runner
 * started alone, as in profile-live.ts, which never does).
 */
export async function partitionCount(pool: Pool): Promise<number> {
  return (await recordedPartitions(pool, 'journeys')) ?? 1;
}

/** Each partition's checkpoint position ('<tx_id>/<seq>'), by index; absent before its first run. */
export async function checkpointPositions(pool: Pool): Promise<Map<number, string>> {
  const rows = (await listCheckpoints(pool)).filter((r) => r.name === 'journeys');
  return new Map(rows.map((r) => [r.partition, r.position]));
}

/** Events processed, summed over the partitions. */
export async function eventsProcessed(pool: Pool): Promise<number> {
  return processedBy(pool, 'journeys');
}

/**
 * One statement over every partition: its checkpoint (from the start without one), then the
 * followed events of its share after it. P is spliced in as a literal: the planner matches the
 * expression index es_events_partition_<P> only against the same constant. The partition is
 * compared with "= ANY (ARRAY[...])" and leads the ORDER BY, as es_read_partition (schema.ts)
 * does: with a plain equality the planner drops it from the order and may take the primary key
 * with a filter, which reads through the other partitions' rows. With one partition, the primary
 * key as before.
 */
function behindSql(p: number, count: boolean): string {
  if (!Number.isInteger(p) || p < 1 || p > 1024) throw new Error(`bad partition count ${p}`);
  const own = p === 1 ? '' : `(e.partition_hash % ${p}) = ANY (ARRAY[c.p]) AND `;
  const order = p === 1 ? 'e.tx_id, e.seq' : `(e.partition_hash % ${p}), e.tx_id, e.seq`;
  const after = `FROM es_events e
     WHERE ${own}(e.tx_id, e.seq) > (split_part(c.pos, '/', 1)::xid8, split_part(c.pos, '/', 2)::bigint)
       AND e.stream_id LIKE ANY ($1)`;
  const inner = count
    ? `SELECT count(*)::int AS n ${after}`
    : // In key order, and only whether there is one: without it the planner scanned every row
      // after the checkpoint (47 ms of the projector's CPU per poll, 10 polls a second).
      `SELECT count(*)::int AS n FROM (SELECT 1 ${after} ORDER BY ${order} LIMIT 1) x`;
  return `SELECT coalesce(sum(b.n), 0)::int AS events, coalesce(sum(c.processed), 0)::text AS processed
    FROM (SELECT g.p, coalesce(k.position, '0/0') AS pos, k.events_processed AS processed
            FROM generate_series(0, ${p - 1}) AS g(p)
            LEFT JOIN projection_checkpoints k ON k.name = 'journeys' AND k.partition = g.p) c
    CROSS JOIN LATERAL (${inner}) b`;
}

/**
 * Followed events after each partition's checkpoint in its partition, read from the tables
 * directly: the store's readers (and GET /v1/projections, capped) hold back events behind running
 * transactions. `count: false` asks each partition only whether it has any (0 or 1 each), cheap
 * enough to poll. `processed` sums events_processed.
 */
export async function behind(
  pool: Pool,
  count: boolean,
): Promise<{ events: number; processed: number }> {
  const p = await partitionCount(pool);
  const { rows } = await pool.query<{ events: number; processed: string }>(behindSql(p, count), [
    FOLLOWED_PATTERNS,
  ]);
  return { events: rows[0].events, processed: Number(rows[0].processed) };
}

export const lagEvents = async (pool: Pool) => (await behind(pool, true)).events;

/**
 * Polls every 100 ms until no partition of the journeys projection has anything left to process;
 * logs the lag every 10 s. Answers when (performance.now()) it caught up, or null at `deadline`
 * (a slow projector is a result, not an error).
 */
export async function waitCaughtUp(
  pool: Pool,
  deadline: number,
  log: (msg: string) => void,
  label = 'long',
): Promise<number | null> {
  const t0 = performance.now();
  let lastLog = t0;
  let lastProcessed = (await behind(pool, false)).processed;
  for (;;) {
    const { events, processed } = await behind(pool, false);
    const now = performance.now();
    if (events === 0) return now;
    if (now > deadline) return null;
    if (now - lastLog >= 10_000) {
      const perSec = Math.round(((processed - lastProcessed) * 1000) / (now - lastLog));
      log(
        `${label}: ${await lagEvents(pool)} events behind after ${Math.round((now - t0) / 1000)} s (${perSec} events/s)`,
      );
      [lastLog, lastProcessed] = [now, processed];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function followedEvents(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM es_events WHERE stream_id LIKE ANY ($1)`,
    [FOLLOWED_PATTERNS],
  );
  return rows[0].n;
}
