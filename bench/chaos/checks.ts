import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { Load } from './load';
import { SupervisedApp } from './supervised-app';

export interface CheckLimits {
  /** How long the projector may take to catch up before the read models count as wrong. */
  readonly catchUpMs: number;
  readonly maxRssMiB: number;
  readonly healthMs: number;
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** After a step (the load paused): the invariants every step must leave intact. */
export async function checkInvariants(
  app: SupervisedApp,
  load: Load,
  limits: CheckLimits,
  undocumentedBefore: number,
): Promise<Check[]> {
  const db = new Client({ connectionString: app.databaseUrl });
  await db.connect();
  try {
    const stored = await storedTouchpoints(db);
    const missing = [...load.accepted].filter((id) => !stored.has(id));
    const twice = [...stored].filter(([, n]) => n > 1).map(([id]) => id);
    const projected = await caughtUp(db, limits.catchUpMs);
    const tally = load.tally();
    const new5xx = tally.undocumented5xx.slice(undocumentedBefore);
    const rss = ['api', 'projector'].map((c) => rssMiB(app.pidOf(c as 'api' | 'projector')));
    const health = await healthMs(app.baseUrl);
    return [
      {
        name: 'stored once',
        ok: missing.length === 0 && twice.length === 0,
        detail: `${load.accepted.size} accepted, ${missing.length} missing, ${twice.length} twice${
          missing.length ? ` (${missing.slice(0, 3).join(', ')})` : ''
        }`,
      },
      {
        name: 'read models',
        ok:
          projected.touchpoints === projected.events &&
          projected.touchpoints === projected.instanceSteps,
        detail: `${projected.touchpoints}/${projected.events} touchpoints, ${projected.instanceSteps} instance steps`,
      },
      {
        name: 'no undocumented 5xx',
        ok: new5xx.length === 0,
        detail: summarize(new5xx),
      },
      {
        name: 'RSS bounded',
        ok: rss.every((m) => m <= limits.maxRssMiB),
        detail: `api ${rss[0]} MiB, projector ${rss[1]} MiB`,
      },
      { name: '/health fast', ok: health <= limits.healthMs, detail: `${health} ms` },
    ];
  } finally {
    await db.end();
  }
}

/** Touchpoint id -> how many TouchpointRecorded events hold it (ids are unique across customers here). */
async function storedTouchpoints(db: Client): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; n: number }>(
    `SELECT data->>'touchpointId' AS id, count(*)::int AS n FROM es_events
      WHERE type = 'TouchpointRecorded' GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** Waits until the projector has every stored touchpoint (or the time is up); the counts then. */
async function caughtUp(db: Client, catchUpMs: number) {
  const deadline = Date.now() + catchUpMs;
  for (;;) {
    const { rows } = await db.query<{
      events: number;
      touchpoints: number;
      instance_steps: number;
    }>(`SELECT
      (SELECT count(*)::int FROM es_events WHERE type = 'TouchpointRecorded') AS events,
      (SELECT count(*)::int FROM rm_touchpoints) AS touchpoints,
      (SELECT coalesce(sum(jsonb_array_length(steps)), 0)::int FROM rm_journey_instances) AS instance_steps`);
    const r = rows[0];
    // Every touchpoint is a step of exactly one instance (auto instances without a definition).
    const done = r.events === r.touchpoints && r.touchpoints === r.instance_steps;
    if (done || Date.now() > deadline) {
      return {
        events: r.events,
        touchpoints: r.touchpoints,
        instanceSteps: r.instance_steps,
      };
    }
    await new Promise((res) => setTimeout(res, 250));
  }
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** The median of five /health round trips (one slow answer on a shared host is not the rule). */
export async function healthMs(baseUrl: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const ok = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.ok,
      () => false,
    );
    times.push(ok ? performance.now() - t0 : Infinity);
  }
  return Math.round(times.sort((a, b) => a - b)[2]);
}

/** "503 STORE_UNAVAILABLE (Retry-After: none) x12; ..." */
function summarize(answers: string[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts].map(([a, n]) => `${a} x${n}`).join('; ') || 'none';
}
