import { performance } from 'node:perf_hooks';
import { JourneysProjection } from '../apps/projector/src/journeys/journeys.projection';
import { rebuildProjection } from '../apps/projector/src/rebuild/rebuild';
import { startAppProcess } from './app-process';
import { freshProjectionDatabase } from './databases';
import {
  chunks,
  defineJourneys,
  LONG_SEED,
  LONG_SENDERS,
  mapMismatch,
  postAll,
} from './long-journeys-live';
import { longWorkload, runLive, startLiveStack } from './long-journeys-run';
import { describe, history } from './long-journeys-workload';
import { rate, round2 } from './stats';

export interface LongJourneysBenchOptions {
  readonly customers: number;
  readonly steadySeconds: number;
  /** How long to wait for the live projection to catch up after the load. */
  readonly convergeTimeoutSeconds: number;
  readonly log: (msg: string) => void;
}

/** Issue 14: long journeys (20-60 steps, loops, late events) through HTTP with the projector beside. */
export async function benchLongJourneys(adminUrl: string, o: LongJourneysBenchOptions) {
  const { url, pool, store } = await freshProjectionDatabase(adminUrl, 'bench_long', 4);
  try {
    const w = longWorkload(o.customers, o.steadySeconds);
    const { loaded, expected } = w;
    // Wall time of each phase, for the report.
    const phases: Record<string, number> = { generate: w.generationSeconds };
    o.log(`long: ${JSON.stringify(expected.shape)} generated in ${w.generationSeconds} s`);

    // One projector process with the default partition count (as deployed), the API beside.
    const stack = await startLiveStack(url, pool, [{}], o.log);
    try {
      const run = await runLive(pool, stack.app, w, { ...o, label: 'long' });
      Object.assign(phases, run.phases);
      if (run.mapDiff)
        throw new Error(
          `node counts differ from the generated steps (map != generated): ${run.mapDiff}`,
        );
      await stack.stop();

      o.log('long: rebuild of the same data in-process, friction detection on');
      await pool.query('VACUUM (ANALYZE) es_events');
      const tr = performance.now();
      const rebuilt = await rebuildProjection(
        store,
        url,
        (m) => new JourneysProjection({ mode: m }),
      );
      const rebuildMs = performance.now() - tr;
      phases.rebuild = round2(rebuildMs / 1000);
      // The rebuild's map must hold every posted step: the history and what the steady phase sent.
      const all = describe(
        run.appendToVisible ? [...loaded.posted, ...w.steadyTouchpoints] : loaded.posted,
        loaded.perCustomer,
      );
      const rebuildMismatch = await mapMismatch(pool, all.counts);
      if (rebuildMismatch) o.log(`long: the rebuilt map differs: ${rebuildMismatch}`);
      return {
        workload: expected.shape,
        phaseSeconds: phases,
        ingestion: run.ingestion,
        live: run.live,
        mapMatchesGeneratedSteps: run.mapDiff === null ? true : null,
        appendToVisible: run.appendToVisible,
        rebuild: {
          events: rebuilt.processed,
          seconds: round2(rebuildMs / 1000),
          eventsPerSec: rate(rebuilt.processed, rebuildMs),
          mapMatches: rebuildMismatch === null,
        },
      };
    } finally {
      await stack.stop();
    }
  } finally {
    await store.close();
    await pool.end();
  }
}

/**
 * The ceiling of the live figure: the same history posted the same way with no projector running,
 * so the rate is the API's and PostgreSQL's alone.
 */
export async function benchLongIngestion(
  adminUrl: string,
  o: Pick<LongJourneysBenchOptions, 'customers' | 'log'>,
) {
  const { url, pool, store } = await freshProjectionDatabase(adminUrl, 'bench_long_ingest', 4);
  const app = await startAppProcess(url, { RATE_LIMIT_PER_SECOND: '0' });
  try {
    const headers = { authorization: `Bearer ${app.apiKey}`, 'content-type': 'application/json' };
    await defineJourneys(app.baseUrl, headers);
    const tps = history(LONG_SEED, o.customers).posted.map((e) => e.tp);
    o.log(`long: posting ${tps.length} touchpoints with no projector running`);
    const t0 = performance.now();
    const posted = await postAll(app.baseUrl, headers, chunks(tps, 1000), LONG_SENDERS);
    const ms = performance.now() - t0;
    if (posted.accepted !== tps.length)
      throw new Error(`accepted ${posted.accepted} of ${tps.length} touchpoints`);
    return {
      touchpoints: tps.length,
      seconds: round2(ms / 1000),
      touchpointsPerSec: rate(tps.length, ms),
    };
  } finally {
    await app.stop();
    await store.close();
    await pool.end();
  }
}
