import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { runningEmbeddedUrl } from '../../../libs/event-store/src/postgres/embedded-postgres';
import { API_KEY, freePort, runCli, Running, start, waitReady } from './process-harness';

const PROJECTOR = path.resolve(__dirname, '../../../dist/apps/projector/src/main.js');
const STEPS = ['start', 'details', 'check', 'offer', 'sign'];

/** Requests of 10 touchpoints; customer c's journey goes through the steps in order. */
function body(r: number) {
  return {
    touchpoints: Array.from({ length: 10 }, (_, i) => ({
      id: `r${r}-t${i}`,
      customerId: `c-${i}`,
      journey: 'loan',
      step: STEPS[r % STEPS.length],
      channel: i % 2 ? 'phone' : 'web',
      occurredAt: new Date(Date.UTC(2026, 4, 1, 10) + r * 60_000).toISOString(),
    })),
  };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Cluster {
  db: Client;
  projectors: Running[];
  send(r: number): Promise<void>;
  projected(): Promise<number>;
  lease(): Promise<{ owner: string; generation: number }>;
  holder(): Promise<Running>;
  close(): Promise<void>;
}

/** The API (with its embedded PostgreSQL) and two projector processes beside it. */
async function cluster(): Promise<Cluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'journey-failover-'));
  const env = {
    EMBEDDED_PG_DIR: dir,
    EMBEDDED_PG_PORT: String(await freePort()),
    PORT: String(await freePort()),
  };
  const running: Running[] = [];
  let db: Client | null = null;
  const close = async () => {
    await db?.end();
    for (const r of [...running].reverse()) {
      if (r.child.signalCode === 'SIGSTOP') r.child.kill('SIGCONT');
      if (r.child.exitCode === null && r.child.signalCode !== 'SIGKILL') {
        r.child.kill('SIGTERM');
        await r.exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const api = start(env);
    running.push(api);
    await waitReady(Number(env.PORT), api);
    const cli = await runCli(['keys', 'create', '--name', 'crm', '--scopes', 'ingest'], env);
    const key = cli.output.match(API_KEY)![0];
    const url = (await runningEmbeddedUrl(dir, 'journey'))!;
    db = new Client({ connectionString: url });
    await db.connect();
    const projectors = [0, 1].map(() => {
      const p = start({ DATABASE_URL: url }, PROJECTOR);
      running.push(p);
      return p;
    });
    await until('both projectors', async () =>
      projectors.every((p) => p.output().includes('projections running')),
    );
    const c: Cluster = {
      db,
      projectors,
      close,
      send: async (r) => {
        const res = await fetch(`http://127.0.0.1:${env.PORT}/v1/touchpoints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify(body(r)),
        });
        expect(res.status).toBe(202);
      },
      projected: async () => {
        const { rows } = await db!.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM rm_touchpoints',
        );
        return rows[0].n;
      },
      lease: async () => {
        const { rows } = await db!.query<{ owner: string; generation: string }>(
          `SELECT owner, generation::text FROM projection_leases WHERE projection = 'journeys'`,
        );
        expect(rows).toHaveLength(1);
        return { owner: rows[0].owner, generation: Number(rows[0].generation) };
      },
      holder: async () => {
        const { owner } = await c.lease();
        return projectors.find((p) => owner.includes(`:${p.child.pid}:`))!;
      },
    };
    return c;
  } catch (err) {
    await close();
    throw err;
  }
}

/** Nothing counted twice or lost: the map's node counts and the instances' steps. */
async function expectProjectedOnce(db: Client, requests: number) {
  const { rows: nodes } = await db.query<{ key: string; n: number }>(
    `SELECT key, sum(value)::int AS n FROM rm_map_counters
      WHERE journey = 'loan' AND metric = 'node' AND channel = '*' GROUP BY key ORDER BY key`,
  );
  const perStep = (requests / STEPS.length) * 10;
  expect(nodes).toEqual([...STEPS].sort().map((key) => ({ key, n: perStep })));
  const { rows: instances } = await db.query<{ n: number; steps: number }>(
    `SELECT count(*)::int AS n, sum(jsonb_array_length(steps))::int AS steps FROM rm_journey_instances`,
  );
  expect(instances).toEqual([{ n: 10, steps: requests * 10 }]);
}

describe('two projector processes (issue 15: leases)', () => {
  it('given two projectors, only the lease holder applies; when it is killed (-9), the other takes over and every touchpoint is projected exactly once', async () => {
    const c = await cluster();
    try {
      for (let r = 0; r < 20; r++) await c.send(r);
      await until('the first 200 projected', async () => (await c.projected()) === 200);
      const before = await c.lease();
      const holder = await c.holder();
      const standby = c.projectors.find((p) => p !== holder)!;
      holder.child.kill('SIGKILL');
      await holder.exited;

      for (let r = 20; r < 40; r++) await c.send(r);
      await until('the standby to take over', async () => (await c.projected()) === 400);
      expect(await c.lease()).toEqual({
        owner: expect.stringContaining(`:${standby.child.pid}:`),
        generation: before.generation + 1,
      });
      await expectProjectedOnce(c.db, 40);
    } finally {
      await c.close();
    }
  });

  it('given the holder paused (SIGSTOP) past its lease, the other takes over; resumed, the old holder commits nothing (fencing)', async () => {
    const c = await cluster();
    try {
      for (let r = 0; r < 20; r++) await c.send(r);
      await until('the first 200 projected', async () => (await c.projected()) === 200);
      const paused = await c.holder();
      const standby = c.projectors.find((p) => p !== paused)!;
      paused.child.kill('SIGSTOP');
      for (let r = 20; r < 30; r++) await c.send(r);
      await until('the standby to take over', async () => (await c.projected()) === 300);
      paused.child.kill('SIGCONT');
      for (let r = 30; r < 40; r++) await c.send(r);
      await until('the rest projected', async () => (await c.projected()) === 400);
      // Give the resumed process time to try (a renewal, a batch): it finds the lease gone.
      await until('the resumed process to notice', async () =>
        /lease lost|was taken over/.test(paused.output()),
      );
      expect((await c.lease()).owner).toContain(`:${standby.child.pid}:`);
      await expectProjectedOnce(c.db, 40);
    } finally {
      await c.close();
    }
  });
});
