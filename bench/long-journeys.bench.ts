import { performance } from 'node:perf_hooks';
import { JourneysProjection } from '../apps/projector/src/journeys/journeys.projection';
import { rebuildProjection } from '../apps/projector/src/rebuild/rebuild';
import { startAppProcess, startProjectorProcess } from './app-process';
import { freshProjectionDatabase } from './databases';
import {
  assertSameCounts,
  chunks,
  defineJourneys,
  LONG_SEED,
  LONG_SENDERS,
  followedEvents,
  freshness,
  lagEvents,
  mapMismatch,
  postAll,
  waitCaughtUp,
} from './long-journeys-live';
import { describe, history, START_WINDOW_MS, steady } from './long-journeys-workload';
import { latencySummary, rate, round2 } from './stats';

export interface LongJourneysBenchOptions {
  readonly customers: number;
  readonly steadySeconds: number;
  /** How long to wait for the live projection to catch up after the load. */
  readonly convergeTimeoutSeconds: number;
  readonly log: (msg: string) => void;
}

const STEADY_PER_SEC = 2000;
const STEADY_BATCH = 200;
const WARM_UP_SECONDS = 2;

/** Issue 14: long journeys (20-60 steps, loops, late events) through HTTP with the projector beside. */
export async function benchLongJourneys(adminUrl: string, o: LongJourneysBenchOptions) {
  const { url, pool, store } = await freshProjectionDatabase(adminUrl, 'bench_long', 4);
  try {
    const t = performance.now();
    const loaded = history(LONG_SEED, o.customers);
    const expected = describe(loaded.posted, loaded.perCustomer);
    const steadyTouchpoints = steady(
      LONG_SEED,
      o.customers,
      expected.lastT + 60_000,
      START_WINDOW_MS / o.customers,
      (WARM_UP_SECONDS + o.steadySeconds) * STEADY_PER_SEC,
    );
    const lastSteady = steadyTouchpoints[steadyTouchpoints.length - 1].t;
    // The API refuses touchpoints more than 5 minutes ahead of its clock.
    if (lastSteady > Date.now()) throw new Error('the workload lies in the future');
    const generationSeconds = round2((performance.now() - t) / 1000);
    // Wall time of each phase, for the report.
    const phases: Record<string, number> = { generate: generationSeconds };
    o.log(`long: ${JSON.stringify(expected.shape)} generated in ${generationSeconds} s`);

    const projector = await startProjectorProcess(url);
    const app = await startAppProcess(url, { RATE_LIMIT_PER_SECOND: '0' });
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await app.stop();
      await projector.stop();
    };
    try {
      const auth = { authorization: `Bearer ${app.apiKey}` };
      const headers = { ...auth, 'content-type': 'application/json' };
      await defineJourneys(app.baseUrl, headers);

      const total = loaded.posted.length;
      o.log(`long: posting ${total} touchpoints, ${LONG_SENDERS} senders, batches of 1,000`);
      const t0 = performance.now();
      const posted = await postAll(
        app.baseUrl,
        headers,
        chunks(
          loaded.posted.map((e) => e.tp),
          1000,
        ),
        LONG_SENDERS,
      );
      const lastPost = performance.now();
      const ingestMs = lastPost - t0;
      const lagAtLastPost = await lagEvents(pool);
      if (posted.accepted !== total)
        throw new Error(`accepted ${posted.accepted} of ${total} touchpoints`);
      o.log(
        `long: posted in ${round2(ingestMs / 1000)} s, ${lagAtLastPost} events behind; waiting up to ${o.convergeTimeoutSeconds} s`,
      );
      const caughtUpAt = await waitCaughtUp(
        pool,
        lastPost + o.convergeTimeoutSeconds * 1000,
        o.log,
      );
      const converged = caughtUpAt !== null;
      const waited = converged ? caughtUpAt - lastPost : 0;
      phases.ingestAndConverge = round2((performance.now() - t0) / 1000);
      const events = await followedEvents(pool);
      const live = {
        lagEventsAtLastPost: lagAtLastPost,
        caughtUpSecondsAfterLastPost: converged ? round2(waited / 1000) : null,
        eventsPerSec: converged ? rate(events, ingestMs + waited) : null,
        note: converged ? null : `did not converge within ${o.convergeTimeoutSeconds} s`,
        lagEventsAtTimeout: converged ? 0 : await lagEvents(pool),
      };
      o.log(`long: live projection ${JSON.stringify(live)}`);

      let mapChecked = false;
      let fresh = null;
      if (converged) {
        o.log('long: comparing the journey maps with the generated steps');
        const [from, to] = [expected.shape.eventTime.from, expected.shape.eventTime.to];
        for (const journey of ['loan', 'support'] as const) {
          const res = await fetch(
            `${app.baseUrl}/v1/journey-maps/${journey}?from=${from.slice(0, 10)}&to=${to.slice(0, 10)}`,
            { headers: auth },
          );
          if (!res.ok) throw new Error(`GET journey map: ${res.status} ${await res.text()}`);
          const map = (await res.json()) as { nodes: { step: string; count: number }[] };
          const got = Object.fromEntries(map.nodes.map((n) => [n.step, n.count]));
          assertSameCounts(`GET /v1/journey-maps/${journey}`, expected.counts[journey], got);
        }
        mapChecked = true;
        const tf = performance.now();
        o.log(
          `long: append to visible at ${STEADY_PER_SEC} touchpoints/s for ${o.steadySeconds} s`,
        );
        fresh = await freshness(
          app.baseUrl,
          auth,
          chunks(
            steadyTouchpoints.map((e) => e.tp),
            STEADY_BATCH,
          ),
          {
            everyMs: (STEADY_BATCH * 1000) / STEADY_PER_SEC,
            warmUpBatches: (WARM_UP_SECONDS * STEADY_PER_SEC) / STEADY_BATCH,
            drainTimeoutMs: o.convergeTimeoutSeconds * 1000,
          },
        );
        phases.appendToVisible = round2((performance.now() - tf) / 1000);
      }
      await stop();

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
        fresh ? [...loaded.posted, ...steadyTouchpoints] : loaded.posted,
        loaded.perCustomer,
      );
      const rebuildMismatch = await mapMismatch(pool, all.counts);
      if (rebuildMismatch) o.log(`long: the rebuilt map differs: ${rebuildMismatch}`);
      return {
        workload: expected.shape,
        phaseSeconds: phases,
        ingestion: {
          touchpoints: total,
          seconds: round2(ingestMs / 1000),
          touchpointsPerSec: rate(total, ingestMs),
          retried503: posted.retries,
        },
        live,
        mapMatchesGeneratedSteps: mapChecked ? true : null,
        appendToVisible: fresh && {
          steadyMs: latencySummary(fresh.steady),
          warmUpMaxMs: round2(Math.max(...fresh.warmUp)),
          achievedTouchpointsPerSec: fresh.achievedPerSec,
          postMs: latencySummary(fresh.postMs),
          unseenBatches: fresh.unseen,
        },
        rebuild: {
          events: rebuilt.processed,
          seconds: round2(rebuildMs / 1000),
          eventsPerSec: rate(rebuilt.processed, rebuildMs),
          mapMatches: rebuildMismatch === null,
        },
      };
    } finally {
      await stop();
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
