import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: subscriptions to the friction feed, one delivery per (webhook, feed row) and a log of
 * every attempt. The fan-out cursor is the last feed `seq` turned into deliveries. Deleting a
 * webhook deletes its deliveries and log (and its secret).
 */
export class Webhooks1763900000005 implements MigrationInterface {
  name = 'Webhooks1763900000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhooks (
      id uuid PRIMARY KEY,
      url text NOT NULL,
      types text[] NOT NULL,
      journeys text[] NOT NULL,
      secret text NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY,
      webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
      feed_seq bigint NOT NULL,
      occurrence_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      created_at timestamptz NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      first_attempt_at timestamptz,
      next_attempt_at timestamptz,
      finished_at timestamptz,
      lease_until timestamptz,
      lease_token uuid,
      UNIQUE (webhook_id, feed_seq)
    )`);
    await q.query(
      "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'",
    );
    await q.query(`CREATE TABLE webhook_delivery_attempts (
      delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
      attempt int NOT NULL,
      attempted_at timestamptz NOT NULL,
      duration_ms int NOT NULL,
      http_status int,
      error text,
      PRIMARY KEY (delivery_id, attempt)
    )`);
    await q.query(`CREATE TABLE webhook_fanout_cursor (
      id int PRIMARY KEY CHECK (id = 1),
      seq bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Occurrences announced before webhooks existed are not sent to the first webhooks created.
    await q.query(
      'INSERT INTO webhook_fanout_cursor (id, seq) SELECT 1, coalesce(max(seq), 0) FROM friction_feed',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_fanout_cursor');
    await q.query('DROP TABLE webhook_delivery_attempts');
    await q.query('DROP TABLE webhook_deliveries');
    await q.query('DROP TABLE webhooks');
  }
}
