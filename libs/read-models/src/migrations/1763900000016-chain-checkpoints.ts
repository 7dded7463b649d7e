import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the hash chains (libs/events chain-checkpoint.ts): a source of truth, not
 * a read model. The database copy serves exports and the default check; the copies that protect
 * against someone who can write this table are the ones kept elsewhere.
 */
export class ChainCheckpoints1763900000016 implements MigrationInterface {
  name = 'ChainCheckpoints1763900000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE chain_checkpoints (
      id bigserial PRIMARY KEY,
      created_at timestamptz NOT NULL,
      digest text NOT NULL,
      key_id text NOT NULL,
      streams integer NOT NULL,
      events bigint NOT NULL,
      document jsonb NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE chain_checkpoints');
  }
}
