import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import {
  AppProcess,
  ProjectorProcess,
  startAppProcess,
  startProjectorProcess,
} from './app-process';
import { followedEvents, lagEvents, waitCaughtUp } from './journeys-progress';
import {
  chunks,
  countsDiff,
  defineJourneys,
  freshness,
  LONG_SEED,
  LONG_SENDERS,
  postAll,
} from './long-journeys-live';
import { describe, history, START_WINDOW_MS, steady } from './long-journeys-workload';
import { waitBalanced } from './projector-leases';
import { latencySummary, rate, round2 } from './stats';

export const STEADY_PER_SEC = 2000;
const STEADY_BATCH = 200;
const WARM_UP_SECONDS = 2;

/** The long-journeys history, what it should count to, and the steady phase's touchpoints after it. */
export function longWorkload(customers: number, steadySeconds: number) {
  const t = performance.now();
  const loaded = history(LONG_SEED, customers);
  const expected = describe(loaded.posted, loaded.perCustomer);
  const steadyTouchpoints = steady(
    LONG_SEED,
    customers,
    expected.lastT + 60_000,
    START_WINDOW_MS / customers,
    (WARM_UP_SECONDS + steadySeconds) * STEADY_PER_SEC,
  );
  // The API refuses touchpoints more than 5 minutes ahead of its clock.
  if (steadyTouchpoints[steadyTouchpoints.length - 1].t > Date.now())
    throw new Error('the workload lies in the future');
  const generationSeconds = round2((performance.now() - t) / 1000);
  return { loaded, expected, steadyTouchpoints, generationSeconds };
}

export type LongWorkload = ReturnType<typeof longWorkload>;

export interface LiveStack {
  readonly app: AppProcess;
  readonly projectors: readonly ProjectorProcess[];
  /** The journeys partitions each projector held once they had divided them. */
  readonly held: number[][];
  stop(): Promise<void>;
}

/**
 * One projector process per entry of `projectorEnvs` (its extra environment), started one after
 * the other, then the API. With several, waits (30 s at most) until they have divided the
 * partitions, so the timed phases start from the steady split.
 */
export async function startLiveStack(
  url: string,
  pool: Pool,
  projectorEnvs: readonly Record<string, string>[],
  log: (msg: string) => void,
): Promise<LiveStack> {
  const projectors: ProjectorProcess[] = [];
  let app: AppProcess | null = null;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app?.stop();
    await Promise.all(projectors.map((p) => p.stop()));
  };
  try {
    for (const env of projectorEnvs) projectors.push(await startProjectorProcess(url, env));
    const split = await waitBalanced(
      pool,
      projectors.map((p) => p.pid),
      30_000,
    );
    if (!split.balanced)
      log(
        `projectors did not divide the ${split.partitions} partitions in 30 s: ${JSON.stringify(split.held)}`,
      );
    app = await startAppProcess(url, { RATE_LIMIT_PER_SECOND: '0' });
    return { app, projectors, held: split.held, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface LiveRunOptions {
  readonly steadySeconds: number;
  /** How long to wait for the live projection to catch up after the load. */
  readonly convergeTimeoutSeconds: number;
  readonly log: (msg: string) => void;
  /** Prefixes the progress lines. */
  readonly label: string;
}

/**
 * The live part of the long-journeys bench against running processes: the journey definitions
 * PUT, the history POSTed (4 senders, batches of 1,000) while the projector works beside, the wait
 * until it caught up, the journey maps compared with the generated steps through the API, then
 * append to visible at 2,000 touchpoints/s. `mapDiff` is null when the maps match (undefined when
 * not compared: no convergence); the steady phase runs either way once converged.
 */
export async function runLive(pool: Pool, app: AppProcess, w: LongWorkload, o: LiveRunOptions) {
  const auth = { authorization: `Bearer ${app.apiKey}` };
  const headers = { ...auth, 'content-type': 'application/json' };
  await defineJourneys(app.baseUrl, headers);
  const phases: Record<string, number> = {};
  const total = w.loaded.posted.length;
  o.log(`${o.label}: posting ${total} touchpoints, ${LONG_SENDERS} senders, batches of 1,000`);
  const t0 = performance.now();
  const tps = w.loaded.posted.map((e) => e.tp);
  const posted = await postAll(app.baseUrl, headers, chunks(tps, 1000), LONG_SENDERS);
  const lastPost = performance.now();
  const ingestMs = lastPost - t0;
  const lagAtLastPost = await lagEvents(pool);
  if (posted.accepted !== total)
    throw new Error(`accepted ${posted.accepted} of ${total} touchpoints`);
  o.log(
    `${o.label}: posted in ${round2(ingestMs / 1000)} s, ${lagAtLastPost} events behind; waiting up to ${o.convergeTimeoutSeconds} s`,
  );
  const deadline = lastPost + o.convergeTimeoutSeconds * 1000;
  const caughtUpAt = await waitCaughtUp(pool, deadline, o.log, o.label);
  const converged = caughtUpAt !== null;
  const waited = converged ? caughtUpAt - lastPost : 0;
  phases.ingestAndConverge = round2((performance.now() - t0) / 1000);
  const events = await followedEvents(pool);
  const live = {
    lagEventsAtLastPost: lagAtLastPost,
    caughtUpSecondsAfterLastPost: converged ? round2(waited / 1000) : null,
    eventsPerSec: converged ? rate(events, ingestMs + waited) : null,
    // The backlog at the last post over the time to clear it: the projector's own pace, which
    // the rate above (first post until caught up) cannot show while ingestion is the slower one.
    drainEventsPerSec: converged && waited > 0 ? rate(lagAtLastPost, waited) : null,
    note: converged ? null : `did not converge within ${o.convergeTimeoutSeconds} s`,
    lagEventsAtTimeout: converged ? 0 : await lagEvents(pool),
  };
  o.log(`${o.label}: live projection ${JSON.stringify(live)}`);
  const done = { ingestion: ingestion(total, ingestMs, posted.retries), live, phases };
  if (!converged) return { ...done, mapDiff: undefined, appendToVisible: null };

  o.log(`${o.label}: comparing the journey maps with the generated steps`);
  const mapDiff = await apiMapDiff(app.baseUrl, auth, w.expected);
  if (mapDiff) o.log(`${o.label}: the journey maps differ: ${mapDiff}`);
  const tf = performance.now();
  o.log(
    `${o.label}: append to visible at ${STEADY_PER_SEC} touchpoints/s for ${o.steadySeconds} s`,
  );
  const fresh = await freshness(
    app.baseUrl,
    auth,
    chunks(
      w.steadyTouchpoints.map((e) => e.tp),
      STEADY_BATCH,
    ),
    {
      everyMs: (STEADY_BATCH * 1000) / STEADY_PER_SEC,
      warmUpBatches: (WARM_UP_SECONDS * STEADY_PER_SEC) / STEADY_BATCH,
      drainTimeoutMs: o.convergeTimeoutSeconds * 1000,
    },
  );
  phases.appendToVisible = round2((performance.now() - tf) / 1000);
  return {
    ...done,
    mapDiff,
    appendToVisible: {
      steadyMs: latencySummary(fresh.steady),
      warmUpMaxMs: round2(Math.max(...fresh.warmUp)),
      achievedTouchpointsPerSec: fresh.achievedPerSec,
      postMs: latencySummary(fresh.postMs),
      unseenBatches: fresh.unseen,
    },
  };
}

const ingestion = (touchpoints: number, ms: number, retried503: number) => ({
  touchpoints,
  seconds: round2(ms / 1000),
  touchpointsPerSec: rate(touchpoints, ms),
  retried503,
});

/** GET /v1/journey-maps of each journey over the history's days against the generated counts. */
async function apiMapDiff(
  base: string,
  auth: Record<string, string>,
  expected: LongWorkload['expected'],
): Promise<string | null> {
  const [from, to] = [expected.shape.eventTime.from, expected.shape.eventTime.to];
  const problems: string[] = [];
  for (const journey of ['loan', 'support'] as const) {
    const res = await fetch(
      `${base}/v1/journey-maps/${journey}?from=${from.slice(0, 10)}&to=${to.slice(0, 10)}`,
      { headers: auth },
    );
    if (!res.ok) throw new Error(`GET journey map: ${res.status} ${await res.text()}`);
    const map = (await res.json()) as { nodes: { step: string; count: number }[] };
    const got = Object.fromEntries(map.nodes.map((n) => [n.step, n.count]));
    const d = countsDiff(expected.counts[journey], got);
    if (d) problems.push(`GET /v1/journey-maps/${journey}: ${d}`);
  }
  return problems.join('; ') || null;
}
