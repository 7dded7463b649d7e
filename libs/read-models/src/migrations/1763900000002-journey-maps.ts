import { MigrationInterface, QueryRunner } from 'typeorm';

/** Journey maps: additive daily counters and mergeable daily duration sketches. */
export class JourneyMaps1763900000002 implements MigrationInterface {
  name = 'JourneyMaps1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rm_map_counters (
      journey text NOT NULL,
      channel text NOT NULL,
      day date NOT NULL,
      metric text NOT NULL,
      key text NOT NULL,
      value bigint NOT NULL,
      PRIMARY KEY (journey, channel, day, metric, key)
    )`);
    await q.query(`CREATE TABLE rm_map_durations (
      journey text NOT NULL,
      channel text NOT NULL,
      day date NOT NULL,
      edge text NOT NULL,
      sketch jsonb NOT NULL,
      PRIMARY KEY (journey, channel, day, edge)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rm_map_durations');
    await q.query('DROP TABLE rm_map_counters');
  }
}
