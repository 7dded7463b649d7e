import { migrationRequestingRebuild } from '../../../../test/upgrade-across';

describe('migration JourneyVariants', () => {
  const { db, upgrade, projected } = migrationRequestingRebuild('JourneyVariants1763900000017');

  it('given a fresh database, then it requests nothing and creates both tables', async () => {
    expect(await upgrade(async () => undefined)).toEqual([]);
    const { rows } = await db().pool.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_name IN ('rm_journey_variants', 'rm_variant_durations') ORDER BY 1, ordinal_position`,
    );
    expect(rows.map((r) => `${r.table_name}.${r.column_name}`)).toEqual([
      'rm_journey_variants.journey',
      'rm_journey_variants.variant',
      'rm_journey_variants.steps',
      'rm_journey_variants.step_count',
      'rm_variant_durations.journey',
      'rm_variant_durations.channel',
      'rm_variant_durations.day',
      'rm_variant_durations.variant',
      'rm_variant_durations.sketch',
      'rm_variant_durations.partition',
    ]);
  });

  it('given a rebuild already requested, then it files no second one', async () => {
    const rows = await upgrade(async () => {
      await projected();
      await db().pool.query(
        `INSERT INTO projection_rebuilds (id, name, status) VALUES (gen_random_uuid(), 'journeys', 'requested')`,
      );
    });
    expect(rows).toEqual([{ name: 'journeys', status: 'requested' }]);
  });
});
