import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit and erasure. Neither table is a projection (nothing rebuilds them):
 * - customer_keys: one AES-256 key per data subject (a customer's or an anonymous visitor's
 *   stream name), made on first need. Erasure destroys the material (key_material NULL) and
 *   keeps the row as the record that the key existed and when it was destroyed; a subject gets a
 *   new key for data recorded after that.
 * - audit_access_log: who read a customer's history, and when. Append-only: a trigger refuses
 *   UPDATE, DELETE and TRUNCATE.
 */
export class Audit1763900000010 implements MigrationInterface {
  name = 'Audit1763900000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customer_keys (
      key_id uuid PRIMARY KEY,
      subject text NOT NULL,
      key_material bytea,
      created_at timestamptz NOT NULL DEFAULT now(),
      destroyed_at timestamptz,
      CONSTRAINT customer_keys_destroyed CHECK ((key_material IS NULL) = (destroyed_at IS NOT NULL))
    )`);
    await q.query(
      'CREATE UNIQUE INDEX customer_keys_live ON customer_keys (subject) WHERE destroyed_at IS NULL',
    );
    await q.query(`CREATE TABLE audit_access_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      api_key_id text,
      actor text NOT NULL,
      action text NOT NULL,
      customer_id text,
      request_id text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}'
    )`);
    await q.query(`CREATE FUNCTION audit_access_log_append_only() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_access_log is append-only (% refused)', TG_OP;
      END
      $fn$`);
    await q.query(`CREATE TRIGGER audit_access_log_no_change BEFORE UPDATE OR DELETE ON audit_access_log
      FOR EACH ROW EXECUTE FUNCTION audit_access_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_access_log_no_truncate BEFORE TRUNCATE ON audit_access_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_access_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_access_log');
    await q.query('DROP FUNCTION audit_access_log_append_only()');
    await q.query('DROP TABLE customer_keys');
  }
}
