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
      -- The signed document without its heads (format, createdAt, digest, keyId, signature...).
      header jsonb NOT NULL,
      -- Its heads as gzipped JSON: 100,000 streams take about 4 MB, not 9 MB of jsonb to parse.
      heads_gz bytea NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE chain_checkpoints');
  }
}
