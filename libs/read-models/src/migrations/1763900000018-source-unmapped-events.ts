import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * External events (Segment, CloudEvents) no rule of their source's mapping took, per source, kind
 * and name: written by the API as it ingests them (not derived from stored events, so rebuilds
 * leave it alone). The example holds the properties' names and types, not their values, which
 * may be personal data.
 */
export class SourceUnmappedEvents1763900000018 implements MigrationInterface {
  name = 'SourceUnmappedEvents1763900000018';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE source_unmapped_events (
      source text NOT NULL,
      kind text NOT NULL,
      name text NOT NULL,
      count bigint NOT NULL,
      first_seen timestamptz NOT NULL,
      last_seen timestamptz NOT NULL,
      example jsonb NOT NULL,
      PRIMARY KEY (source, kind, name)
    )`);
    await q.query(
      'CREATE INDEX source_unmapped_events_by_count ON source_unmapped_events (source, count DESC)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE source_unmapped_events');
  }
}
