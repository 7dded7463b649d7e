/**
 * DDL of the PostgreSQL event store. Idempotent: applied at start-up under an advisory lock.
 *
 * Ordering: every row stores the id of the transaction that wrote it. Readers only see rows whose
 * transaction id is below the xmin of their snapshot (every transaction below it has finished), and
 * order by (tx_id, seq). A slow writer that commits late therefore holds readers back instead of
 * being skipped by them.
 */
export const SCHEMA_LOCK_KEY = 7_414_221_001;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS es_streams (
  stream_id text PRIMARY KEY,
  revision  bigint NOT NULL,
  last_tx   xid8   NOT NULL
);

CREATE TABLE IF NOT EXISTS es_events (
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  tx_id       xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_id   text        NOT NULL,
  revision    bigint      NOT NULL,
  event_id    uuid        NOT NULL,
  type        text        NOT NULL,
  data        jsonb       NOT NULL,
  metadata    jsonb       NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tx_id, seq),
  CONSTRAINT es_events_stream_revision UNIQUE (stream_id, revision),
  CONSTRAINT es_events_stream_event_id UNIQUE (stream_id, event_id)
);

-- The stream's hash for partitioned reads: partitionOf (partition.ts) computes the same, and the
-- indexes es_events_partition_<count> (partition-indexes.ts) are built on it. Stored, because an
-- index needs it. Adding it to an existing table rewrites the table under an exclusive lock, once:
-- reads and appends wait (13 s for 2.2 million small events on a 2-core host; plan the upgrade).
-- Checked first, because ADD COLUMN IF NOT EXISTS takes that lock even when the column exists:
-- every start would queue behind the oldest open transaction on es_events, and all else behind it.
DO $do$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = 'es_events'::regclass
                   AND a.attname = 'partition_hash' AND NOT a.attisdropped) THEN
    ALTER TABLE es_events ADD COLUMN IF NOT EXISTS partition_hash int
      GENERATED ALWAYS AS ((('x' || substr(md5(stream_id), 1, 8))::bit(32)::int) & 2147483647) STORED;
  END IF;
END
$do$;

-- The signatures that took events as text arrays (escaping them cost the client twice the CPU of
-- one JSON parameter). Processes of the older version fail their appends once this runs: stop them
-- before starting this one, or expect their callers' safe retries.
DROP FUNCTION IF EXISTS es_append_one(text, text, uuid[], text[], text[], text[]);
DROP FUNCTION IF EXISTS es_append_many(text[], text[], int[], int[], uuid[], text[], text[], text[]);

-- An append to one stream: lock it, answer retries, check the expectation, insert. Statuses as
-- for es_append_many below. Procedural and cheap to plan: the path of every single-stream append.
CREATE OR REPLACE FUNCTION es_append_one(p_stream text, p_expected text, p_events jsonb)
RETURNS TABLE (status text, next_revision bigint, tx_id xid8, seq bigint, duplicate_ids uuid[], actual text)
LANGUAGE plpgsql AS $fn$
DECLARE
  p_ids uuid[] := ARRAY(SELECT (e->>'id')::uuid FROM jsonb_array_elements(p_events) e);
  v_current bigint;
  v_last_tx xid8;
  v_tx xid8 := pg_current_xact_id();
  v_dups uuid[];
  v_dup_rev bigint;
  v_dup_tx xid8;
  v_dup_seq bigint;
  v_seq bigint;
  v_n int;
BEGIN
  SELECT s.revision, s.last_tx INTO v_current, v_last_tx
    FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
  IF NOT FOUND AND p_expected IN ('any', 'no_stream') THEN
    INSERT INTO es_streams AS s (stream_id, revision, last_tx) VALUES (p_stream, -1, v_tx)
      ON CONFLICT DO NOTHING;
    SELECT s.revision, s.last_tx INTO v_current, v_last_tx
      FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
  END IF;
  v_current := coalesce(v_current, -1); -- -1: no stream (a row at -1 only exists inside this call)

  IF v_current >= 0 THEN
    SELECT array_agg(e.event_id) INTO v_dups
      FROM es_events e WHERE e.stream_id = p_stream AND e.event_id = ANY(p_ids);
    IF cardinality(v_dups) = cardinality(p_ids) THEN
      SELECT e.revision, e.tx_id, e.seq INTO v_dup_rev, v_dup_tx, v_dup_seq
        FROM es_events e WHERE e.stream_id = p_stream AND e.event_id = ANY(p_ids)
        ORDER BY e.revision DESC LIMIT 1;
      RETURN QUERY SELECT 'duplicate'::text, v_dup_rev, v_dup_tx, v_dup_seq, v_dups, NULL::text;
      RETURN;
    END IF;
  END IF;

  IF NOT (
       p_expected = 'any'
    OR (p_expected = 'no_stream' AND v_current = -1)
    OR (p_expected = 'stream_exists' AND v_current >= 0)
    OR (p_expected ~ '^[0-9]+$' AND v_current = p_expected::bigint)
  ) THEN
    RETURN QUERY SELECT 'conflict'::text, NULL::bigint, NULL::xid8, NULL::bigint, NULL::uuid[],
      CASE WHEN v_current = -1 THEN 'no_stream' ELSE v_current::text END;
    RETURN;
  END IF;

  IF v_last_tx > v_tx THEN
    RETURN QUERY SELECT 'reorder'::text, NULL::bigint, NULL::xid8, NULL::bigint, NULL::uuid[], NULL::text;
    RETURN;
  END IF;

  IF v_dups IS NULL THEN
    -- The usual case: nothing to skip, revisions follow the input order.
    WITH ins AS (
      INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
      SELECT p_stream, v_current + i.ord, i.id, i.type, i.data, i.metadata
        FROM ROWS FROM (jsonb_to_recordset(p_events) AS (id uuid, type text, data jsonb, metadata jsonb))
             WITH ORDINALITY AS i(id, type, data, metadata, ord)
      RETURNING es_events.seq
    )
    SELECT max(ins.seq), count(*) INTO v_seq, v_n FROM ins;
  ELSE
    WITH input AS (
      SELECT i.id, i.type, i.data, i.metadata, i.ord
        FROM ROWS FROM (jsonb_to_recordset(p_events) AS (id uuid, type text, data jsonb, metadata jsonb))
             WITH ORDINALITY AS i(id, type, data, metadata, ord)
       WHERE NOT (i.id = ANY(v_dups))
    ), numbered AS (
      SELECT input.*, row_number() OVER (ORDER BY input.ord) AS rn FROM input
    ), ins AS (
      INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
      SELECT p_stream, v_current + n.rn, n.id, n.type, n.data, n.metadata
        FROM numbered n ORDER BY n.rn
      RETURNING es_events.seq
    )
    SELECT max(ins.seq), count(*) INTO v_seq, v_n FROM ins;
  END IF;

  UPDATE es_streams s SET revision = v_current + v_n, last_tx = v_tx WHERE s.stream_id = p_stream;
  RETURN QUERY SELECT 'ok'::text, v_current + v_n, v_tx, v_seq, coalesce(v_dups, '{}'::uuid[]), NULL::text;
END
$fn$;

-- An append to many streams in one statement and one transaction (one commit for all streams).
-- Each stream is all-or-nothing and reported on its own:
--   ok | duplicate (every id already stored: the original's revision and position)
--   conflict (wrong expected revision; actual = current revision or no_stream)
--   reorder (a transaction with a later id already appended to this stream: retry in a new
--            transaction, so that revision order and (tx_id, seq) order always agree)
-- Set-based: a handful of statements whatever the number of streams. p_events is a JSON array of
-- {s, id, type, data, metadata}, s giving the event's stream (1-based), in input order.
CREATE OR REPLACE FUNCTION es_append_many(
  p_streams text[], p_expected text[], p_counts int[], p_events jsonb
) RETURNS TABLE (idx int, status text, next_revision bigint, tx_id xid8, seq bigint, duplicate_ids uuid[], actual text)
LANGUAGE plpgsql
-- Plans made for the actual arrays: a generic plan guesses their sizes and may scan whole tables.
SET plan_cache_mode = force_custom_plan
AS $fn$
DECLARE
  v_tx xid8 := pg_current_xact_id();
  h_stream text[];
  h_rev bigint[];
  h_last xid8[];
BEGIN
  -- 1. Lock every stream in name order (creating missing ones at -1, "no stream"): concurrent
  --    calls take their locks in the same order, so they cannot deadlock.
  WITH locked AS (
    INSERT INTO es_streams AS s (stream_id, revision, last_tx)
    SELECT i.stream, -1, v_tx FROM unnest(p_streams) AS i(stream) ORDER BY i.stream
    ON CONFLICT (stream_id) DO UPDATE SET last_tx = s.last_tx
    RETURNING s.stream_id, s.revision, s.last_tx
  )
  SELECT array_agg(l.stream_id), array_agg(l.revision), array_agg(l.last_tx) INTO h_stream, h_rev, h_last
    FROM locked l;

  -- 2. With the locks held, a fresh snapshot sees every event committed before: decide and write.
  RETURN QUERY
  WITH cur AS (
    SELECT i.ord::int AS idx, i.stream, i.expected, i.cnt, h.rev AS current, h.last_tx
      FROM unnest(p_streams, p_expected, p_counts) WITH ORDINALITY AS i(stream, expected, cnt, ord)
      JOIN unnest(h_stream, h_rev, h_last) AS h(stream, rev, last_tx) ON h.stream = i.stream
  ), ev AS (
    SELECT e.sidx, e.ord, e.id, e.type, e.data, e.meta
      FROM ROWS FROM (jsonb_to_recordset(p_events) AS (s int, id uuid, type text, data jsonb, metadata jsonb))
           WITH ORDINALITY AS e(sidx, id, type, data, meta, ord)
  ), dup AS (
    -- A correlated lookup per event: always the (stream_id, event_id) index, never a scan.
    SELECT c.idx, x.event_id, x.revision, x.tx_id, x.seq
      FROM ev JOIN cur c ON c.idx = ev.sidx AND c.current >= 0
      CROSS JOIN LATERAL (
        SELECT e.event_id, e.revision, e.tx_id, e.seq FROM es_events e
         WHERE e.stream_id = c.stream AND e.event_id = ev.id
      ) x
  ), dup_per AS (
    SELECT d.idx, array_agg(d.event_id) AS ids, count(*) AS n,
           (array_agg(d.revision ORDER BY d.revision DESC))[1] AS rev,
           (array_agg(d.tx_id ORDER BY d.revision DESC))[1] AS tx,
           (array_agg(d.seq ORDER BY d.revision DESC))[1] AS seq
      FROM dup d GROUP BY d.idx
  ), decided AS (
    SELECT c.*, dp.ids AS dup_ids, dp.rev AS dup_rev, dp.tx AS dup_tx, dp.seq AS dup_seq,
      CASE
        WHEN coalesce(dp.n, 0) = c.cnt THEN 'duplicate'
        WHEN NOT (c.expected = 'any'
               OR (c.expected = 'no_stream' AND c.current = -1)
               OR (c.expected = 'stream_exists' AND c.current >= 0)
               OR (c.expected ~ '^[0-9]+$' AND c.current = c.expected::bigint)) THEN 'conflict'
        WHEN c.last_tx > v_tx THEN 'reorder'
        ELSE 'ok'
      END AS status
      FROM cur c LEFT JOIN dup_per dp ON dp.idx = c.idx
  ), fresh AS (
    SELECT d.idx, d.stream, d.current, ev.ord, ev.id, ev.type, ev.data, ev.meta,
           row_number() OVER (PARTITION BY d.idx ORDER BY ev.ord) AS rn
      FROM decided d JOIN ev ON ev.sidx = d.idx
     WHERE d.status = 'ok' AND (d.dup_ids IS NULL OR NOT (ev.id = ANY (d.dup_ids)))
  ), ins AS (
    INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
    SELECT f.stream, f.current + f.rn, f.id, f.type, f.data, f.meta
      FROM fresh f ORDER BY f.idx, f.rn
    RETURNING es_events.stream_id, es_events.revision, es_events.seq
  ), written AS (
    SELECT ins.stream_id, max(ins.revision) AS revision, max(ins.seq) AS seq FROM ins GROUP BY ins.stream_id
  ), upd AS (
    UPDATE es_streams s SET revision = w.revision, last_tx = v_tx
      FROM written w WHERE s.stream_id = w.stream_id
    RETURNING s.stream_id
  ), gone AS (
    -- 3. Streams step 1 created (at -1) that receive nothing are not streams. (One statement with
    --    the rest: a DELETE of its own looked up every stream of the call again.)
    DELETE FROM es_streams s USING decided d
     WHERE s.stream_id = d.stream AND d.current = -1 AND d.status <> 'ok'
  )
  SELECT d.idx, d.status,
         CASE d.status WHEN 'ok' THEN w.revision WHEN 'duplicate' THEN d.dup_rev END,
         CASE d.status WHEN 'ok' THEN v_tx WHEN 'duplicate' THEN d.dup_tx END,
         CASE d.status WHEN 'ok' THEN w.seq WHEN 'duplicate' THEN d.dup_seq END,
         CASE WHEN d.status IN ('ok', 'duplicate') THEN coalesce(d.dup_ids, '{}'::uuid[]) END,
         CASE WHEN d.status = 'conflict' THEN (CASE WHEN d.current = -1 THEN 'no_stream' ELSE d.current::text END) END
    FROM decided d LEFT JOIN written w ON w.stream_id = d.stream
   ORDER BY d.idx;

END
$fn$;

-- A page of the global order: events after a position, below the horizon (the oldest running
-- transaction), of the given stream prefixes. Always walks the primary key in order and stops at
-- max_count: the planner, misjudging how many rows the horizon and the prefixes keep, chose to sort
-- everything after the position instead, so each page of a long catch-up cost the whole backlog
-- (750 ms per page of 5,000 at 240,000 events behind).
CREATE OR REPLACE FUNCTION es_read_all(after_tx xid8, after_seq bigint, max_count int, prefixes text[])
RETURNS SETOF es_events LANGUAGE sql STABLE
SET enable_sort = off SET enable_bitmapscan = off
AS $fn$
  SELECT * FROM es_events e
   WHERE (e.tx_id, e.seq) > (after_tx, after_seq)
     AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
     AND (prefixes IS NULL OR e.stream_id LIKE ANY (prefixes))
   ORDER BY e.tx_id, e.seq
   LIMIT max_count
$fn$;

-- A page of one partition (es_read_all's rules): rows with partition_hash % p_count = p_index,
-- walking es_events_partition_<p_count> (partition-indexes.ts) in (tx_id, seq) order.
-- - The planner matches an expression index only against the same constant, so count and index
--   are spliced in as literals (integers, checked here and by the caller).
-- - "= ANY ('{i}')" and the index's first column in ORDER BY, not "= i": with an equality the
--   planner drops that column from the order, and the primary key with a filter, which reads
--   p_count times the rows, may look cheaper (ANALYZE finds the expression uncorrelated with the
--   table's order; the rows of one partition are not). This way only the partition index gives
--   the order without a Sort, which enable_sort = off rules out.
CREATE OR REPLACE FUNCTION es_read_partition(
  after_tx xid8, after_seq bigint, max_count int, prefixes text[], p_count int, p_index int
) RETURNS SETOF es_events LANGUAGE plpgsql STABLE
SET enable_sort = off SET enable_bitmapscan = off
AS $fn$
BEGIN
  IF NOT coalesce(p_count BETWEEN 1 AND 1024 AND p_index BETWEEN 0 AND p_count - 1, false) THEN
    RAISE EXCEPTION 'partition % of % is invalid', p_index, p_count USING ERRCODE = '22023';
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT * FROM es_events e
      WHERE (e.partition_hash %% %1$s) = ANY (''{%2$s}''::int[])
        AND (e.tx_id, e.seq) > ($1, $2)
        AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
        AND ($4 IS NULL OR e.stream_id LIKE ANY ($4))
      ORDER BY (e.partition_hash %% %1$s), e.tx_id, e.seq
      LIMIT $3', p_count, p_index)
    USING after_tx, after_seq, max_count, prefixes;
END
$fn$;
`;
