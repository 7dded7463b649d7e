import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Friction occurrences (a read model of the journeys projection, rebuilt with it) and the friction
 * feed: new occurrences in the order the projector found them, read by the SSE stream (its `seq`
 * is the event id a client resumes from) and fanned out to webhooks. The feed is not rebuilt: it
 * is the history of what was announced, one row per occurrence id.
 */
export class Frictions1763900000004 implements MigrationInterface {
  name = 'Frictions1763900000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rm_friction_occurrences (
      id uuid PRIMARY KEY,
      customer_id text NOT NULL,
      journey text NOT NULL,
      instance_id text NOT NULL,
      type text NOT NULL,
      trigger_id text NOT NULL,
      touchpoint_id text NOT NULL,
      step text NOT NULL,
      stage text,
      channel text NOT NULL,
      occurred_at timestamptz NOT NULL,
      touchpoint_ids text[] NOT NULL,
      feedback_id text,
      detail jsonb NOT NULL
    )`);
    await q.query(
      'CREATE INDEX rm_friction_occurrences_customer ON rm_friction_occurrences (customer_id, journey, instance_id)',
    );
    await q.query(
      'CREATE INDEX rm_friction_occurrences_point ON rm_friction_occurrences (journey, occurred_at)',
    );
    await q.query(`CREATE TABLE friction_feed (
      seq bigserial PRIMARY KEY,
      occurrence_id uuid NOT NULL UNIQUE,
      journey text NOT NULL,
      type text NOT NULL,
      customer_id text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE friction_feed');
    await q.query('DROP TABLE rm_friction_occurrences');
  }
}
