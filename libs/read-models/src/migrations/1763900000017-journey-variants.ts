import { MigrationInterface, QueryRunner } from 'typeorm';
import { requestJourneysRebuild } from './request-journeys-rebuild';

/**
 * Journey variants (distinct step sequences of closed instances): their counters are map
 * counters (`variant:<status>`), their durations daily sketches of their own (not in
 * rm_map_durations, which the map and the friction baselines read whole), and each id's steps a
 * content-addressed row. Counters of events already projected exist only after a replay, so a
 * database that has projected events gets a rebuild request (as in migration 12).
 */
export class JourneyVariants1763900000017 implements MigrationInterface {
  name = 'JourneyVariants1763900000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rm_variant_durations (
      journey text NOT NULL,
      channel text NOT NULL,
      day date NOT NULL,
      variant text NOT NULL,
      sketch jsonb NOT NULL,
      partition smallint NOT NULL DEFAULT 0,
      PRIMARY KEY (journey, channel, day, variant, partition)
    )`);
    // Immutable: the id is the hash of the steps, so live and rebuild write it insert-if-absent.
    await q.query(`CREATE TABLE rm_journey_variants (
      journey text NOT NULL,
      variant text NOT NULL,
      steps text[] NOT NULL,
      step_count int NOT NULL,
      PRIMARY KEY (journey, variant)
    )`);
    // The variants read takes a journey's variant counters of a channel and days; the counters'
    // primary key would scan every metric of those days. Partial: other counters pay nothing.
    await q.query(`CREATE INDEX rm_map_counters_variants ON rm_map_counters (journey, channel, day, metric, key)
      INCLUDE (value) WHERE metric LIKE 'variant:%'`);
    await requestJourneysRebuild(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX rm_map_counters_variants');
    await q.query('DROP TABLE rm_journey_variants');
    await q.query('DROP TABLE rm_variant_durations');
  }
}
