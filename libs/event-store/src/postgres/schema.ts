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

-- Every append, of one stream or many, in one statement and one transaction (one commit for all
-- streams). Each stream is all-or-nothing and reported on its own:
--   ok | duplicate (every id already stored: the original's revision and position)
--   conflict (wrong expected revision; actual = current revision or no_stream)
--   reorder (a transaction with a later id already appended to this stream: retry in a new
--            transaction, so that revision order and (tx_id, seq) order always agree)
-- Set-based: a handful of statements whatever the number of streams. p_event_idx gives each
-- event's stream (1-based, input order).
CREATE OR REPLACE FUNCTION es_append_many(
  p_streams text[], p_expected text[], p_counts int[], p_event_idx int[],
  p_ids uuid[], p_types text[], p_data text[], p_meta text[]
) RETURNS TABLE (idx int, status text, next_revision bigint, tx_id xid8, seq bigint, duplicate_ids uuid[], actual text)
LANGUAGE plpgsql AS $fn$
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
      FROM unnest(p_event_idx, p_ids, p_types, p_data, p_meta) WITH ORDINALITY AS e(sidx, id, type, data, meta, ord)
  ), dup AS (
    SELECT c.idx, x.event_id, x.revision, x.tx_id, x.seq
      FROM ev JOIN cur c ON c.idx = ev.sidx
      JOIN es_events x ON x.stream_id = c.stream AND x.event_id = ev.id
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
    SELECT f.stream, f.current + f.rn, f.id, f.type, f.data::jsonb, f.meta::jsonb
      FROM fresh f ORDER BY f.idx, f.rn
    RETURNING es_events.stream_id, es_events.revision, es_events.seq
  ), written AS (
    SELECT ins.stream_id, max(ins.revision) AS revision, max(ins.seq) AS seq FROM ins GROUP BY ins.stream_id
  ), upd AS (
    UPDATE es_streams s SET revision = w.revision, last_tx = v_tx
      FROM written w WHERE s.stream_id = w.stream_id
    RETURNING s.stream_id
  )
  SELECT d.idx, d.status,
         CASE d.status WHEN 'ok' THEN w.revision WHEN 'duplicate' THEN d.dup_rev END,
         CASE d.status WHEN 'ok' THEN v_tx WHEN 'duplicate' THEN d.dup_tx END,
         CASE d.status WHEN 'ok' THEN w.seq WHEN 'duplicate' THEN d.dup_seq END,
         CASE WHEN d.status IN ('ok', 'duplicate') THEN coalesce(d.dup_ids, '{}'::uuid[]) END,
         CASE WHEN d.status = 'conflict' THEN (CASE WHEN d.current = -1 THEN 'no_stream' ELSE d.current::text END) END
    FROM decided d LEFT JOIN written w ON w.stream_id = d.stream
   ORDER BY d.idx;

  -- 3. Streams created in step 1 that received nothing are not streams.
  DELETE FROM es_streams s WHERE s.stream_id = ANY (p_streams) AND s.revision = -1;
END
$fn$;
`;
