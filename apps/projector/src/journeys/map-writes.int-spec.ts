import {
  contributionsOf,
  diffContributions,
  JourneyInstance,
  JourneyRules,
  QuantileSketch,
  rulesFromDefinition,
} from '@journey/domain';
import { TestDatabase } from '../../../../test/test-database';
import { migratedTestDatabase } from '../../../../test/webhook-fixtures';
import { MapDelta } from './map-writes';

const T0 = Date.UTC(2026, 2, 1, 10);
const MIN = 60_000;

function closed(id: string, steps: string[], gapMs: number): JourneyInstance {
  return {
    journey: 'shop',
    instanceId: id,
    customerId: 'c1',
    status: 'completed',
    startedAt: T0,
    lastActivityAt: T0 + (steps.length - 1) * gapMs,
    steps: steps.map((step, i) => ({
      touchpointId: `${id}-${i}`,
      step,
      stage: null,
      channel: 'web',
      outcome: 'success',
      occurredAt: T0 + i * gapMs,
      sincePreviousMs: i === 0 ? null : gapMs,
    })),
  };
}

describe('MapDelta with variants (real PostgreSQL)', () => {
  let db: TestDatabase;
  const rules: JourneyRules = rulesFromDefinition(null, 'shop');
  const write = async (delta: MapDelta) => {
    const tx = await db.pool.connect();
    try {
      await tx.query('BEGIN');
      await delta.write(tx, 0);
      await tx.query('COMMIT');
    } finally {
      tx.release();
    }
  };
  const variantRows = async () =>
    (
      await db.pool.query(
        'SELECT journey, steps, step_count FROM rm_journey_variants ORDER BY steps',
      )
    ).rows;
  const sketches = async () =>
    (
      await db.pool.query<{ channel: string; sketch: never }>(
        'SELECT channel, sketch FROM rm_variant_durations ORDER BY channel',
      )
    ).rows.map((r) => [r.channel, QuantileSketch.fromJSON(r.sketch).count]);

  beforeEach(async () => (db = await migratedTestDatabase(4)));
  afterEach(async () => db?.drop());

  it('given a closed instance, when written, then its steps and its duration sketches are stored; a diff moves the sample', async () => {
    // Given one customer's completed instance view > pay, 5 minutes
    const before = contributionsOf([closed('i1', ['view', 'pay'], 5 * MIN)], rules);
    const first = new MapDelta();
    first.addSum('shop', before);
    // When written
    await write(first);
    // Then the variant row holds its steps, and '*' and web hold one sample each
    expect(await variantRows()).toEqual([
      { journey: 'shop', steps: ['view', 'pay'], step_count: 2 },
    ]);
    expect(await sketches()).toEqual([
      ['*', 1],
      ['web', 1],
    ]);
    const onMap = await db.pool.query(
      "SELECT count(*)::int AS n FROM rm_map_durations WHERE edge LIKE '%variant%'",
    );
    expect(onMap.rows[0].n).toBe(0);

    // When a late step makes it view > cart > pay (the diff removes the old variant's sample)
    const after = contributionsOf([closed('i1', ['view', 'cart', 'pay'], 5 * MIN)], rules);
    const second = new MapDelta();
    second.add('shop', diffContributions(before, after));
    await write(second);
    // Then both variants are stored (content-addressed, never removed) and only the new one's
    // sketches hold a sample, with the old one's counters at zero
    expect(await variantRows()).toEqual([
      { journey: 'shop', steps: ['view', 'cart', 'pay'], step_count: 3 },
      { journey: 'shop', steps: ['view', 'pay'], step_count: 2 },
    ]);
    const counts = await db.pool.query<{ key: string; steps: string[]; n: number }>(
      `SELECT c.key, v.steps, sum(c.value)::int AS n FROM rm_map_counters c
         JOIN rm_journey_variants v ON v.journey = c.journey AND v.variant = c.key
        WHERE c.metric = 'variant:completed' AND c.channel = '*' GROUP BY 1, 2 ORDER BY 2`,
    );
    expect(counts.rows.map((r) => [r.steps.join('>'), r.n])).toEqual([
      ['view>cart>pay', 1],
      ['view>pay', 0],
    ]);
    const perVariant = await db.pool.query<{ steps: string[]; sketch: never }>(
      `SELECT v.steps, d.sketch FROM rm_variant_durations d
         JOIN rm_journey_variants v ON v.journey = d.journey AND v.variant = d.variant
        WHERE d.channel = '*' ORDER BY v.steps`,
    );
    expect(
      perVariant.rows.map((r) => [r.steps.join('>'), QuantileSketch.fromJSON(r.sketch).count]),
    ).toEqual([
      ['view>cart>pay', 1],
      ['view>pay', 0],
    ]);

    // When the same delta's variants are written again, then nothing fails (insert-if-absent)
    await write(second);
    expect((await variantRows()).length).toBe(2);
  });
});
