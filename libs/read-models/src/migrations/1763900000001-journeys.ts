import { MigrationInterface, QueryRunner } from 'typeorm';

/** Projection checkpoints and the customer-journey read models. */
export class Journeys1763900000001 implements MigrationInterface {
  name = 'Journeys1763900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE projection_checkpoints (
      name text PRIMARY KEY,
      position text NOT NULL,
      events_processed bigint NOT NULL DEFAULT 0,
      events_per_second int NOT NULL DEFAULT 0,
      watermark timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE rm_journey_definitions (
      journey text PRIMARY KEY,
      definition jsonb NOT NULL,
      version int NOT NULL,
      defined_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE rm_identity_links (
      anonymous_id text PRIMARY KEY,
      customer_id text NOT NULL,
      linked_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE rm_touchpoints (
      source_stream text NOT NULL,
      touchpoint_id text NOT NULL,
      customer_id text NOT NULL,
      anonymous_id text,
      journey text NOT NULL,
      step text NOT NULL,
      stage text,
      channel text NOT NULL,
      outcome text NOT NULL,
      occurred_at timestamptz NOT NULL,
      journey_instance_id text,
      arrival text NOT NULL,
      PRIMARY KEY (source_stream, touchpoint_id)
    )`);
    await q.query('CREATE INDEX rm_touchpoints_customer ON rm_touchpoints (customer_id, journey)');
    await q.query(
      'CREATE INDEX rm_touchpoints_anonymous ON rm_touchpoints (anonymous_id) WHERE anonymous_id IS NOT NULL',
    );
    await q.query(`CREATE TABLE rm_journey_instances (
      customer_id text NOT NULL,
      journey text NOT NULL,
      instance_id text NOT NULL,
      status text NOT NULL,
      started_at timestamptz NOT NULL,
      last_activity_at timestamptz NOT NULL,
      channels text[] NOT NULL,
      steps jsonb NOT NULL,
      PRIMARY KEY (customer_id, journey, instance_id)
    )`);
    await q.query(
      'CREATE INDEX rm_journey_instances_customer ON rm_journey_instances (customer_id, started_at DESC, instance_id)',
    );
    await q.query(
      "CREATE INDEX rm_journey_instances_open ON rm_journey_instances (last_activity_at) WHERE status = 'active'",
    );
    await q.query(`CREATE TABLE rm_feedback (
      customer_id text NOT NULL,
      feedback_id text NOT NULL,
      journey text,
      touchpoint_id text,
      channel text,
      kind text NOT NULL,
      score int NOT NULL,
      comment text,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (customer_id, feedback_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'rm_feedback',
      'rm_journey_instances',
      'rm_touchpoints',
      'rm_identity_links',
      'rm_journey_definitions',
      'projection_checkpoints',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
