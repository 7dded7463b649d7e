import { ALL_CHANNELS, edgeKey, QuantileSketch } from '@journey/domain';
import { TestDatabase } from '../../../../test/test-database';
import { migratedTestDatabase } from '../../../../test/webhook-fixtures';
import { DailySketches, loadDailySketches } from './daily-sketches';
import { SketchCache } from './sketch-cache';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1);
const EDGE = edgeKey('signup', 'kyc');

/** What a load answers: the baseline over each day's trailing window. */
const answers = (s: DailySketches) =>
  [1, 2, 3, 4].map((d) =>
    s.baseline('onboarding')('signup', 'kyc', { fromMs: T0, toMs: T0 + d * DAY }),
  );

describe('loadDailySketches with a SketchCache (real PostgreSQL)', () => {
  let db: TestDatabase;
  const store = (day: number, values: number[], partition = 0) =>
    db.pool.query(
      `INSERT INTO rm_map_durations (journey, channel, day, edge, partition, sketch)
       VALUES ('onboarding', $1, $2, $3, $4, $5)
       ON CONFLICT (journey, channel, day, edge, partition) DO UPDATE SET sketch = EXCLUDED.sketch`,
      [
        ALL_CHANNELS,
        new Date(T0 + day * DAY),
        EDGE,
        partition,
        JSON.stringify(QuantileSketch.of(values).toJSON()),
      ],
    );
  const load = (cache?: SketchCache) =>
    loadDailySketches(db.pool as never, ['onboarding'], [EDGE], T0, T0 + 4 * DAY, cache);

  beforeEach(async () => {
    db = await migratedTestDatabase(4);
    await store(0, [1000, 2000, 3000]);
    await store(1, [5000, 6000]);
    await store(2, [9000, 90_000, 100_000]);
  });
  afterEach(() => db.drop());

  it('given stored sketches, when loaded twice with a cache, then both answer as an uncached load and the second reads no sketch in full', async () => {
    const cache = new SketchCache();
    const uncached = answers(await load());
    expect(answers(await load(cache))).toEqual(uncached);
    expect(cache.fullReads).toBe(3);
    expect(cache.baselines.hits).toBe(0);
    expect(answers(await load(cache))).toEqual(uncached);
    expect(cache.fullReads).toBe(3);
    // The same rows: every baseline is the one merged before.
    expect(cache.baselines.hits).toBe(4);
  });

  it('given a cached load, when one day is rewritten, then the next load reads that row only and answers with it', async () => {
    const cache = new SketchCache();
    answers(await load(cache));
    await store(1, [50_000, 60_000, 70_000, 80_000]);
    const after = answers(await load(cache));
    expect(cache.fullReads).toBe(4);
    // Only the window without day 1 is the baseline merged before; the others merge again.
    expect(cache.baselines.hits).toBe(1);
    expect(after).toEqual(answers(await load()));
    expect(after[1]).toMatchObject({ samples: 7 });
  });

  it('given a rewrite that was loaded and then rolled back, when loaded again, then the stored sketch is answered, not the rolled-back one', async () => {
    const cache = new SketchCache();
    const before = answers(await load(cache));
    const tx = await db.pool.connect();
    try {
      await tx.query('BEGIN');
      await tx.query(`UPDATE rm_map_durations SET sketch = $1 WHERE day = $2`, [
        JSON.stringify(QuantileSketch.of([1, 1, 1, 1, 1, 1, 1]).toJSON()),
        new Date(T0),
      ]);
      const inside = await loadDailySketches(tx, ['onboarding'], [EDGE], T0, T0 + 4 * DAY, cache);
      expect(answers(inside)[0]).toMatchObject({ samples: 7 });
      await tx.query('ROLLBACK');
    } finally {
      tx.release();
    }
    expect(answers(await load(cache))).toEqual(before);
  });

  it('given a cache bounded to two entries, when three sketches are loaded, then answers are still complete', async () => {
    const cache = new SketchCache(2);
    expect(answers(await load(cache))).toEqual(answers(await load()));
  });

  it('given a day written by three partitions, when one rewrites its row, then the cached load merges them as an uncached one and reads only that day again', async () => {
    await store(1, [7000, 0, 8000], 2);
    await store(1, [5500], 7);
    const cache = new SketchCache();
    const uncached = answers(await load());
    // Days 0 and 1: day 1 holds the samples of all three partitions (0 in the zero bucket).
    expect(uncached[1]).toMatchObject({ samples: 9 });
    expect(answers(await load(cache))).toEqual(uncached);
    expect(cache.fullReads).toBe(3);
    await store(1, [5500, 120_000, 130_000, 140_000], 7);
    const after = answers(await load(cache));
    expect(cache.fullReads).toBe(4);
    expect(after).toEqual(answers(await load()));
    expect(after[1]).toMatchObject({ samples: 12 });
    expect(after[1]).not.toEqual(uncached[1]);
  });
});
