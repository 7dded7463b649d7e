import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journeys projection split into partitions by a hash of the customer's stream (issue 15).
 * - `projection_partitioning`: how many partitions the read models were built with. Fixed until a
 *   rebuild builds them with another count. A database that already projected events was built
 *   as one partition; it gets a rebuild request, which builds it with the configured count.
 * - Checkpoints, the watermark among them, per (projection, partition).
 * - A partition column in the map's counter and sketch keys: partitions never write the same row
 *   (no lock waits between them), and queries sum over it.
 * - Each instance row names the partition that owns its pair (the abandonment sweep's share).
 * - `rm_pair_handoffs`: pairs another partition changed (an anonymous id's facts moved to its
 *   customer), for the owner to recompute.
 * - `projector_members`: the live projector processes, which divide the partitions evenly.
 * - Definitions by version, and the version each partition applied: a partition subtracts its old
 *   contributions under the rules it made them with, whatever other partitions applied already.
 */
export class ProjectionPartitions1763900000014 implements MigrationInterface {
  name = 'ProjectionPartitions1763900000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE projection_partitioning (
      name text PRIMARY KEY,
      partitions int NOT NULL CHECK (partitions BETWEEN 1 AND 1024)
    )`);
    await q.query(`INSERT INTO projection_partitioning (name, partitions)
      SELECT name, 1 FROM projection_checkpoints WHERE name = 'journeys' AND events_processed > 0`);
    await q.query(`INSERT INTO projection_rebuilds (id, name, status)
      SELECT gen_random_uuid(), 'journeys', 'requested'
       WHERE EXISTS (SELECT 1 FROM projection_checkpoints WHERE name = 'journeys' AND events_processed > 0)
         AND NOT EXISTS (SELECT 1 FROM projection_rebuilds WHERE name = 'journeys' AND status IN ('requested', 'running'))`);
    await q.query('ALTER TABLE projection_checkpoints ADD COLUMN partition int NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE projection_checkpoints DROP CONSTRAINT projection_checkpoints_pkey');
    await q.query('ALTER TABLE projection_checkpoints ADD PRIMARY KEY (name, partition)');
    await q.query('ALTER TABLE rm_map_counters ADD COLUMN partition smallint NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE rm_map_counters DROP CONSTRAINT rm_map_counters_pkey');
    await q.query(
      'ALTER TABLE rm_map_counters ADD PRIMARY KEY (journey, channel, day, metric, key, partition)',
    );
    await q.query('ALTER TABLE rm_map_durations ADD COLUMN partition smallint NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE rm_map_durations DROP CONSTRAINT rm_map_durations_pkey');
    await q.query(
      'ALTER TABLE rm_map_durations ADD PRIMARY KEY (journey, channel, day, edge, partition)',
    );
    await q.query(
      'ALTER TABLE rm_journey_instances ADD COLUMN partition smallint NOT NULL DEFAULT 0',
    );
    await q.query('DROP INDEX rm_journey_instances_open');
    await q.query(
      "CREATE INDEX rm_journey_instances_open ON rm_journey_instances (partition, last_activity_at) WHERE status = 'active'",
    );
    // No unique key: a sender never waits on a receiver deleting the same pair (two partitions
    // handing pairs to each other would deadlock); the receiver folds duplicates.
    await q.query(`CREATE TABLE rm_pair_handoffs (
      id bigserial PRIMARY KEY,
      partition int NOT NULL,
      customer_id text NOT NULL,
      journey text NOT NULL
    )`);
    await q.query('CREATE INDEX rm_pair_handoffs_partition ON rm_pair_handoffs (partition)');
    // Projector processes alive (a heartbeat each): each takes its fair share of the partitions.
    await q.query(`CREATE TABLE projector_members (
      projection text NOT NULL,
      owner text NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (projection, owner)
    )`);
    await q.query(`CREATE TABLE rm_journey_definition_versions (
      journey text NOT NULL,
      version int NOT NULL,
      definition jsonb NOT NULL,
      PRIMARY KEY (journey, version)
    )`);
    await q.query(`INSERT INTO rm_journey_definition_versions (journey, version, definition)
      SELECT journey, version, definition FROM rm_journey_definitions`);
    await q.query(`CREATE TABLE rm_partition_definitions (
      partition int NOT NULL,
      journey text NOT NULL,
      version int NOT NULL,
      PRIMARY KEY (partition, journey)
    )`);
    await q.query(`INSERT INTO rm_partition_definitions (partition, journey, version)
      SELECT 0, journey, version FROM rm_journey_definitions`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_partition_definitions');
    await q.query('DROP TABLE rm_journey_definition_versions');
    await q.query('DROP TABLE rm_pair_handoffs');
    await q.query('DROP TABLE projector_members');
    await q.query('DROP INDEX rm_journey_instances_open');
    await q.query(
      "CREATE INDEX rm_journey_instances_open ON rm_journey_instances (last_activity_at) WHERE status = 'active'",
    );
    await q.query('ALTER TABLE rm_journey_instances DROP COLUMN partition');
    for (const [table, key] of [
      ['rm_map_durations', 'journey, channel, day, edge'],
      ['rm_map_counters', 'journey, channel, day, metric, key'],
      ['projection_checkpoints', 'name'],
    ]) {
      await q.query(`DELETE FROM ${table} WHERE partition <> 0`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN partition`);
      await q.query(`ALTER TABLE ${table} ADD PRIMARY KEY (${key})`);
    }
    await q.query('DROP TABLE projection_partitioning');
  }
}
