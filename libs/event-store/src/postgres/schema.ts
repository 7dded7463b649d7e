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

-- One statement per append: lock the stream, answer retries, check the expectation, insert.
-- Errors: JE409 wrong expected revision (DETAIL = actual revision or no_stream);
--         JE40O a transaction with a later id already appended to this stream: retry, so that
--               revision order and (tx_id, seq) order always agree.
CREATE OR REPLACE FUNCTION es_append(
  p_stream text, p_expected text, p_ids uuid[], p_types text[], p_data text[], p_meta text[]
) RETURNS TABLE (status text, next_revision bigint, tx_id xid8, seq bigint, duplicate_ids uuid[])
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
      RETURN QUERY SELECT 'duplicate'::text, v_dup_rev, v_dup_tx, v_dup_seq, v_dups;
      RETURN;
    END IF;
  END IF;

  IF NOT (
       p_expected = 'any'
    OR (p_expected = 'no_stream' AND v_current = -1)
    OR (p_expected = 'stream_exists' AND v_current >= 0)
    OR (p_expected ~ '^[0-9]+$' AND v_current = p_expected::bigint)
  ) THEN
    RAISE EXCEPTION 'wrong expected revision for %', p_stream
      USING ERRCODE = 'JE409',
            DETAIL = CASE WHEN v_current = -1 THEN 'no_stream' ELSE v_current::text END;
  END IF;

  IF v_last_tx > v_tx THEN
    RAISE EXCEPTION 'out-of-order transaction for %', p_stream USING ERRCODE = 'JE40O';
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
  RETURN QUERY SELECT 'ok'::text, v_current + v_n, v_tx, v_seq, coalesce(v_dups, '{}'::uuid[]);
END
$fn$;
`;
