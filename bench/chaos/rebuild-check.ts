import { Pool } from 'pg';
import { AppliedDefinitions } from '../../apps/projector/src/journeys/definitions';
import { overdueInstances } from '../../apps/projector/src/journeys/watermark';
import { readModelSnapshot } from '../../apps/projector/test/read-model-snapshot';
import { ProjectionView } from '@journey/contracts';
import { readWatermark } from '@journey/read-models';
import { Check } from './checks';
import { describeDiffs, diffSnapshots, rowCount } from './snapshot-diff';
import { SupervisedApp } from './supervised-app';

export const REBUILD_CHECK = 'equal a rebuild';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * With the load paused and the projector caught up: the live read models, then a rebuild of the
 * journeys projection, then the read models again; they must be equal.
 *
 * Runs against the live database, through the operator's path (POST /v1/projections/journeys/
 * rebuild, carried out by the supervised projector): the swap is then part of what the chaos
 * suite exercises, and the steps after it check that the live projector carries on from the
 * swapped-in tables. A copy of the database would need PostgreSQL stopped or a dump per step, and
 * would test a rebuild the app never runs. Each rebuild also resets any drift, so a difference
 * points at the step just run.
 */
export async function checkRebuild(app: SupervisedApp, timeoutMs: number): Promise<Check> {
  const t0 = Date.now();
  const deadline = t0 + timeoutMs;
  const pool = new Pool({ connectionString: app.databaseUrl, max: 2 });
  try {
    await settled(app, pool, deadline);
    const live = await readModelSnapshot(pool);
    const id = await requestRebuild(app);
    const done = await projection(
      app,
      deadline,
      (p) => p.rebuild?.id === id && ['done', 'failed'].includes(p.rebuild.status),
    );
    if (done.rebuild?.status !== 'done') {
      return { name: REBUILD_CHECK, ok: false, detail: `rebuild failed: ${done.rebuild?.error}` };
    }
    await settled(app, pool, deadline);
    const rebuilt = await readModelSnapshot(pool);
    const diffs = diffSnapshots(live, rebuilt);
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    const { startedAt, finishedAt } = done.rebuild;
    const rebuildSeconds = (
      (Date.parse(finishedAt ?? '') - Date.parse(startedAt ?? '')) /
      1000
    ).toFixed(1);
    return diffs.length
      ? { name: REBUILD_CHECK, ok: false, detail: describeDiffs(diffs) }
      : {
          name: REBUILD_CHECK,
          ok: true,
          detail: `${rowCount(live)} read-model rows as rebuilt (rebuild ${rebuildSeconds} s, check ${seconds} s)`,
        };
  } catch (err) {
    return { name: REBUILD_CHECK, ok: false, detail: String(err) };
  } finally {
    await pool.end();
  }
}

async function requestRebuild(app: SupervisedApp): Promise<string> {
  const res = await fetch(`${app.baseUrl}/v1/projections/journeys/rebuild`, {
    method: 'POST',
    headers: { authorization: `Bearer ${app.apiKey}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 202)
    throw new Error(`rebuild request answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/**
 * Until the projector has nothing left to do: every event projected, and no instance the
 * watermark has made overdue still active. Idle ticks abandon those a few at a time after the
 * last event, while a rebuild abandons them at once; comparing before they are done would report
 * that delay as a difference.
 */
async function settled(app: SupervisedApp, pool: Pool, deadline: number): Promise<void> {
  let overdue = 0;
  for (;;) {
    const p = await projection(app, deadline, (v) => v.lagEvents === 0 && v.status === 'caught-up');
    const client = await pool.connect();
    try {
      // The projection's watermark: the one idle ticks sweep by (watermark.ts).
      const watermark = (await readWatermark(client, 'journeys')) ?? -Infinity;
      overdue = 0;
      for (let i = 0; i < p.partitionCount; i++) {
        overdue += (await overdueInstances(client, watermark, 1, new AppliedDefinitions(i))).length;
      }
      if (overdue === 0) return;
    } finally {
      client.release();
    }
    if (Date.now() > deadline)
      throw new Error(`${overdue} overdue pairs still active at the deadline`);
    await sleep(100);
  }
}

/** Polls GET /v1/projections until the journeys projection matches (or the deadline passes). */
async function projection(
  app: SupervisedApp,
  deadline: number,
  match: (p: ProjectionView) => boolean,
): Promise<ProjectionView> {
  let last: ProjectionView | undefined;
  while (Date.now() < deadline) {
    const res = await fetch(`${app.baseUrl}/v1/projections`, {
      headers: { authorization: `Bearer ${app.apiKey}` },
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    if (res?.ok) {
      last = ((await res.json()) as ProjectionView[]).find((p) => p.name === 'journeys');
      if (last && match(last)) return last;
    }
    await sleep(100);
  }
  throw new Error(`projection not as expected in time: ${JSON.stringify(last ?? null)}`);
}
