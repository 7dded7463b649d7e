import { performance } from 'node:perf_hooks';
import { freshProjectionDatabase } from './databases';
import { checkpointPositions, lagEvents, waitCaughtUp } from './journeys-progress';
import { defineJourneys, mapMismatch, post } from './long-journeys-live';
import { startLiveStack } from './long-journeys-run';
import { describe, history } from './long-journeys-workload';
import { partitionsHeld } from './projector-leases';
import { round2 } from './stats';

export interface FailoverBenchOptions {
  readonly seconds: number;
  readonly log: (msg: string) => void;
}

const PER_SEC = 1000;
const BATCH = 100;
const PROCESSES = 2;
/** Set explicitly: the figure is about taking over a share of partitions, whatever the default. */
const PARTITIONS = 4;

/**
 * Issue 15: two projector processes dividing 4 partitions beside the API; the long-journeys
 * workload posted at a steady 1,000 touchpoints/s; a third of the way in, the process holding the
 * most partitions is killed (-9). Failover, per partition it held: from the kill until that
 * partition's checkpoint moves again (the survivor claims it once its lease expires, then catches
 * up); the max and the median over them. The map is then compared with a plain count.
 */
export async function benchFailover(adminUrl: string, o: FailoverBenchOptions) {
  const { url, pool, store } = await freshProjectionDatabase(adminUrl, 'bench_failover', 4);
  const env = { PROJECTOR_PARTITIONS: String(PARTITIONS) };
  const stack = await startLiveStack(url, pool, Array(PROCESSES).fill(env), o.log);
  try {
    const { app, projectors } = stack;
    o.log(`failover: partitions held ${JSON.stringify(stack.held)}`);
    const headers = { authorization: `Bearer ${app.apiKey}`, 'content-type': 'application/json' };
    await defineJourneys(app.baseUrl, headers);
    const { posted, perCustomer } = history(15, 2000);
    const sent = posted.slice(0, o.seconds * PER_SEC);
    const killAfter = Math.floor(sent.length / BATCH / 3);
    let killedAt: number | null = null;
    let lagAtKill = 0;
    let heldAtKill: number[][] = [];
    // The killed process's partitions, each with its position at the kill and when it moved.
    const watched = new Map<number, { at: string; movedAt: number | null }>();
    let maxLag = 0;
    let watching = true;
    const pending = () => [...watched.values()].some((w) => w.movedAt === null);
    const watcher = (async () => {
      while (watching) {
        await new Promise((r) => setTimeout(r, 50));
        if (!pending()) continue;
        const positions = await checkpointPositions(pool);
        const now = performance.now();
        for (const [p, w] of watched)
          if (w.movedAt === null && (positions.get(p) ?? '') !== w.at) w.movedAt = now;
        if (pending()) maxLag = Math.max(maxLag, await lagEvents(pool));
      }
    })();
    const t0 = performance.now();
    const posts: Promise<unknown>[] = [];
    for (let b = 0; b * BATCH < sent.length; b++) {
      const due = t0 + (b * BATCH * 1000) / PER_SEC;
      if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
      posts.push(
        post(
          app.baseUrl,
          headers,
          sent.slice(b * BATCH, (b + 1) * BATCH).map((e) => e.tp),
        ),
      );
      if (b === killAfter) {
        heldAtKill = await partitionsHeld(
          pool,
          projectors.map((p) => p.pid),
        );
        // Any process holding partitions would do; the one with the most has the most to hand over.
        const victim = heldAtKill.reduce((v, h, i) => (h.length > heldAtKill[v].length ? i : v), 0);
        if (heldAtKill[victim].length === 0) throw new Error('no projector holds a partition');
        lagAtKill = await lagEvents(pool);
        o.log(
          `failover: killing projector ${projectors[victim].pid} (-9), partitions ${heldAtKill[victim].join(',')}, ${lagAtKill} events behind`,
        );
        await projectors[victim].kill();
        killedAt = performance.now();
        // Read after its exit: from here on only a new owner moves these checkpoints.
        const positions = await checkpointPositions(pool);
        for (const p of heldAtKill[victim])
          watched.set(p, { at: positions.get(p) ?? '', movedAt: null });
      }
    }
    await Promise.all(posts);
    const lastPost = performance.now();
    const caughtUpAt = await waitCaughtUp(pool, lastPost + 120_000, o.log, 'failover');
    watching = false;
    await watcher;
    const mismatch = await mapMismatch(pool, describe(sent, perCustomer).counts);
    const moved = [...watched.values()]
      .filter((w) => w.movedAt !== null)
      .map((w) => (w.movedAt! - killedAt!) / 1000)
      .sort((a, b) => a - b);
    const notMoved = watched.size - moved.length;
    const failover = {
      touchpoints: sent.length,
      touchpointsPerSec: PER_SEC,
      processes: PROCESSES,
      partitions: PARTITIONS,
      partitionsHeldAtKill: heldAtKill.map((h) => h.length),
      partitionsTakenOver: moved.length,
      partitionsNotTakenOver: notMoved,
      lagEventsAtKill: lagAtKill,
      // The last of the killed process's partitions to move again (null if one never did).
      failoverSeconds: moved.length > 0 && notMoved === 0 ? round2(moved[moved.length - 1]) : null,
      failoverMedianSeconds: moved.length > 0 ? round2(median(moved)) : null,
      maxLagEventsBeforeTakeover: maxLag,
      caughtUpSecondsAfterLastPost: caughtUpAt ? round2((caughtUpAt - lastPost) / 1000) : null,
      mapMatches: mismatch === null,
    };
    o.log(`failover: ${JSON.stringify(failover)}`);
    return failover;
  } finally {
    await stack.stop();
    await store.close();
    await pool.end();
  }
}

/** Of an ascending list: the middle value, or the mean of the two middle ones. */
function median(sorted: readonly number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}
