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

-- The core of an append, for one stream: lock it, answer retries, check the expectation, insert.
-- It raises nothing, so a multi-stream append can report per stream. status:
--   ok | duplicate (every id already stored: the original's revision and position)
--   conflict (wrong expected revision; actual = current revision or no_stream)
--   reorder (a transaction with a later id already appended to this stream: retry in a new
--            transaction, so that revision order and (tx_id, seq) order always agree)
CREATE OR REPLACE FUNCTION es_append_one(
  p_stream text, p_expected text, p_ids uuid[], p_types text[], p_data text[], p_meta text[]
) RETURNS TABLE (status text, next_revision bigint, tx_id xid8, seq bigint, duplicate_ids uuid[], actual text)
LANGUAGE plpgsql AS $fn$
DECLARE
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

  WITH input AS (
    SELECT i.id, i.type, i.data, i.meta, i.ord
      FROM unnest(p_ids, p_types, p_data, p_meta) WITH ORDINALITY AS i(id, type, data, meta, ord)
     WHERE v_dups IS NULL OR NOT (i.id = ANY(v_dups))
  ), numbered AS (
    SELECT input.*, row_number() OVER (ORDER BY input.ord) AS rn FROM input
  ), ins AS (
    INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
    SELECT p_stream, v_current + n.rn, n.id, n.type, n.data::jsonb, n.meta::jsonb
      FROM numbered n ORDER BY n.rn
    RETURNING es_events.seq
  )
  SELECT max(ins.seq), count(*) INTO v_seq, v_n FROM ins;

  UPDATE es_streams s SET revision = v_current + v_n, last_tx = v_tx WHERE s.stream_id = p_stream;
  RETURN QUERY SELECT 'ok'::text, v_current + v_n, v_tx, v_seq, coalesce(v_dups, '{}'::uuid[]), NULL::text;
END
$fn$;

-- Several streams in one transaction (one commit for all), each stream all-or-nothing and
-- reported on its own. Streams are locked in name order, so concurrent calls cannot deadlock.
-- Events come flattened; p_counts says how many belong to each stream, in input order.
CREATE OR REPLACE FUNCTION es_append_many(
  p_streams text[], p_expected text[], p_counts int[],
  p_ids uuid[], p_types text[], p_data text[], p_meta text[]
) RETURNS TABLE (idx int, status text, next_revision bigint, tx_id xid8, seq bigint, duplicate_ids uuid[], actual text)
LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  FOR r IN
    WITH s AS (
      SELECT i.ord::int AS idx, i.stream, i.expected, i.cnt,
             (sum(i.cnt) OVER (ORDER BY i.ord) - i.cnt)::int AS off
        FROM unnest(p_streams, p_expected, p_counts) WITH ORDINALITY AS i(stream, expected, cnt, ord)
    )
    SELECT * FROM s ORDER BY s.stream
  LOOP
    RETURN QUERY SELECT r.idx, o.* FROM es_append_one(
      r.stream, r.expected,
      p_ids[r.off + 1 : r.off + r.cnt], p_types[r.off + 1 : r.off + r.cnt],
      p_data[r.off + 1 : r.off + r.cnt], p_meta[r.off + 1 : r.off + r.cnt]) AS o;
  END LOOP;
END
$fn$;

-- Heads of many streams at once (missing streams are absent from the result).
CREATE OR REPLACE FUNCTION es_stream_heads(p_streams text[])
RETURNS TABLE (stream_id text, revision bigint)
LANGUAGE sql STABLE AS $fn$
  SELECT s.stream_id, s.revision FROM es_streams s WHERE s.stream_id = ANY(p_streams) AND s.revision >= 0
$fn$;
`;
