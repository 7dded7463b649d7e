import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One lease per projection partition (the journeys projection has one partition until it is
 * split): the projector process holding it is the only one that applies the partition's batches.
 * `generation` grows with every claim; a batch commits only while its runner's generation is the
 * stored one, so a process that was paused past its lease cannot commit after another took over.
 * `owner` is null once released (a clean shutdown hands over at once).
 */
export class ProjectionLeases1763900000013 implements MigrationInterface {
  name = 'ProjectionLeases1763900000013';

  async up(q: { query(sql: string): Promise<unknown> }): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS projection_leases (
      projection text NOT NULL,
      partition int NOT NULL,
      owner text,
      generation bigint NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (projection, partition)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projection_leases');
  }
}
