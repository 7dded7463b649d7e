import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { startAppProcess, startProjectorProcess } from './app-process';
import { freshProjectionDatabase } from './databases';
import { defineJourneys, lagEvents, mapMismatch, post, waitCaughtUp } from './long-journeys-live';
import { describe, history } from './long-journeys-workload';
import { round2 } from './stats';

export interface FailoverBenchOptions {
  readonly seconds: number;
  readonly log: (msg: string) => void;
}

const PER_SEC = 1000;
const BATCH = 100;

/**
 * Issue 15: two projector processes beside the API; the long-journeys workload posted at a steady
 * 1,000 touchpoints/s; a third of the way in, the process holding the journeys lease is killed
 * (-9). Failover: from the kill until the checkpoint moves again (the standby claims the lease
 * once it expires, then catches up). The map is then compared with a plain count.
 */
export async function benchFailover(adminUrl: string, o: FailoverBenchOptions) {
  const { url, pool, store } = await freshProjectionDatabase(adminUrl, 'bench_failover', 4);
  const projectors = [await startProjectorProcess(url), await startProjectorProcess(url)];
  const app = await startAppProcess(url, { RATE_LIMIT_PER_SECOND: '0' });
  try {
    const headers = { authorization: `Bearer ${app.apiKey}`, 'content-type': 'application/json' };
    await defineJourneys(app.baseUrl, headers);
    const { posted, perCustomer } = history(15, 2000);
    const sent = posted.slice(0, o.seconds * PER_SEC);
    const killAfter = Math.floor(sent.length / BATCH / 3);
    let killedAt: number | null = null;
    let lagAtKill = 0;
    let movedAt: number | null = null;
    let maxLag = 0;
    // Watches the checkpoint: when it first moves after the kill, and the largest lag meanwhile.
    let watching = true;
    const watcher = (async () => {
      let last = await position(pool);
      while (watching) {
        await new Promise((r) => setTimeout(r, 50));
        const now = await position(pool);
        if (killedAt !== null && movedAt === null && now !== last) movedAt = performance.now();
        last = now;
        if (killedAt !== null && movedAt === null) maxLag = Math.max(maxLag, await lagEvents(pool));
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
        const holder = await leaseHolder(
          pool,
          projectors.map((p) => p.pid),
        );
        lagAtKill = await lagEvents(pool);
        o.log(`failover: killing projector ${holder} (-9), ${lagAtKill} events behind`);
        await projectors.find((p) => p.pid === holder)!.kill();
        killedAt = performance.now();
      }
    }
    await Promise.all(posts);
    const lastPost = performance.now();
    const caughtUpAt = await waitCaughtUp(pool, lastPost + 120_000, o.log);
    watching = false;
    await watcher;
    const mismatch = await mapMismatch(pool, describe(sent, perCustomer).counts);
    const failover = {
      touchpoints: sent.length,
      touchpointsPerSec: PER_SEC,
      lagEventsAtKill: lagAtKill,
      failoverSeconds: killedAt && movedAt ? round2((movedAt - killedAt) / 1000) : null,
      maxLagEventsBeforeTakeover: maxLag,
      caughtUpSecondsAfterLastPost: caughtUpAt ? round2((caughtUpAt - lastPost) / 1000) : null,
      mapMatches: mismatch === null,
    };
    o.log(`failover: ${JSON.stringify(failover)}`);
    return failover;
  } finally {
    await app.stop();
    await Promise.all(projectors.map((p) => p.stop()));
    await store.close();
    await pool.end();
  }
}

async function position(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ position: string }>(
    `SELECT position FROM projection_checkpoints WHERE name = 'journeys'`,
  );
  return rows[0]?.position ?? '';
}

/** The pid of the projector process holding the journeys lease (its owner is host:pid:nonce). */
async function leaseHolder(pool: Pool, pids: number[]): Promise<number> {
  const { rows } = await pool.query<{ owner: string }>(
    `SELECT owner FROM projection_leases WHERE projection = 'journeys'`,
  );
  const pid = pids.find((p) => rows[0]?.owner?.includes(`:${p}:`));
  if (pid === undefined) throw new Error(`no projector holds the lease: ${rows[0]?.owner}`);
  return pid;
}
