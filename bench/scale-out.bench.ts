import { freshProjectionDatabase } from './databases';
import { longWorkload, runLive, startLiveStack } from './long-journeys-run';
import { round2 } from './stats';

export interface ScaleOutBenchOptions {
  readonly customers: number;
  readonly steadySeconds: number;
  /** How long each configuration may take to catch up after the load. */
  readonly convergeTimeoutSeconds: number;
  readonly log: (msg: string) => void;
}

/** The single-process baseline first: the freshness target is relative to it. */
const CONFIGURATIONS = [
  { processes: 1, partitions: 1 },
  { processes: 1, partitions: 4 },
  { processes: 2, partitions: 4 },
  { processes: 4, partitions: 4 },
  // What 16 partitions cost one process (the first proposal for the default).
  { processes: 1, partitions: 16 },
];

/** BENCH_SCALE_ONLY=1x4,2x16 runs those instead (processes x partitions), e.g. when profiling. */
const chosen =
  process.env.BENCH_SCALE_ONLY?.split(',').map((c) => {
    const [processes, partitions] = c.split('x').map(Number);
    return { processes, partitions };
  }) ?? CONFIGURATIONS;

/** Issue 15: freshness p99 with partitions no worse than this times the single-process figure. */
export const FRESHNESS_P99_TARGET_RATIO = 1.2;

/**
 * Issue 15's scale-out figures: the long-journeys live workload (history posted with the
 * projector processes beside, then append to visible at 2,000 touchpoints/s) once per
 * configuration, each on a fresh database with the same generated workload. The processes share
 * the host's cores with the API and PostgreSQL: past what the cores allow, more processes only
 * add contention, and the figures say so.
 */
export async function benchScaleOut(adminUrl: string, o: ScaleOutBenchOptions) {
  const w = longWorkload(o.customers, o.steadySeconds);
  o.log(`scale: ${JSON.stringify(w.expected.shape)} generated in ${w.generationSeconds} s`);
  const runs = [];
  for (const c of chosen) {
    const label = `scale ${c.processes}x${c.partitions}`;
    o.log(`${label}: ${c.processes} projector process(es), ${c.partitions} partition(s)`);
    // The same name each time: the previous configuration's database is dropped.
    const { url, pool, store } = await freshProjectionDatabase(adminUrl, 'bench_scale', 4);
    try {
      // The last configuration's dirty pages are flushed here, not in this one's timed phases.
      await pool.query('CHECKPOINT');
      const env = { PROJECTOR_PARTITIONS: String(c.partitions) };
      const stack = await startLiveStack(url, pool, Array(c.processes).fill(env), o.log);
      try {
        const run = await runLive(pool, stack.app, w, { ...o, label });
        const fresh = run.appendToVisible;
        runs.push({
          processes: c.processes,
          partitions: c.partitions,
          partitionsHeld: stack.held.map((h) => h.length),
          ingestionTouchpointsPerSec: run.ingestion.touchpointsPerSec,
          ...run.live,
          freshnessMs: fresh && {
            p50: fresh.steadyMs.p50,
            p99: fresh.steadyMs.p99,
            max: fresh.steadyMs.max,
            achievedTouchpointsPerSec: fresh.achievedTouchpointsPerSec,
            unseenBatches: fresh.unseenBatches,
          },
          // Compared through the API once caught up; null when it never caught up.
          mapMatches: run.mapDiff === undefined ? null : run.mapDiff === null,
          phaseSeconds: run.phases,
        });
      } finally {
        await stack.stop();
      }
    } finally {
      await store.close();
      await pool.end();
    }
  }
  const single = runs[0].freshnessMs?.p99;
  const withRatio = runs.map((r) => {
    const ratio = single && r.freshnessMs ? round2(r.freshnessMs.p99 / single) : null;
    return {
      ...r,
      freshnessP99ToSingleProcess: ratio,
      freshnessTargetMet: ratio === null ? null : ratio <= FRESHNESS_P99_TARGET_RATIO,
    };
  });
  const result = {
    customers: o.customers,
    touchpoints: w.loaded.posted.length,
    steadySeconds: o.steadySeconds,
    runs: withRatio,
  };
  o.log(`scale: ${JSON.stringify(result)}`);
  return result;
}
