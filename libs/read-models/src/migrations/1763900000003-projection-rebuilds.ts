import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rebuild requests: the API files them, a projector process carries them out and reports progress. */
export class ProjectionRebuilds1763900000003 implements MigrationInterface {
  name = 'ProjectionRebuilds1763900000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE projection_rebuilds (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      status text NOT NULL,
      requested_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      processed bigint NOT NULL DEFAULT 0,
      total bigint,
      error text
    )`);
    // At most one open rebuild per projection.
    await q.query(
      "CREATE UNIQUE INDEX projection_rebuilds_open ON projection_rebuilds (name) WHERE status IN ('requested', 'running')",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projection_rebuilds');
  }
}
