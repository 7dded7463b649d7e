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

describe('two projector processes (issue 15: leases)', () => {
  it('given two projectors, only the lease holder applies; when it is killed (-9), the other takes over and every touchpoint is projected exactly once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'journey-failover-'));
    const env = {
      EMBEDDED_PG_DIR: dir,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
    };
    const running: Running[] = [];
    let db: Client | null = null;
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
      const send = async (r: number) => {
        const res = await fetch(`http://127.0.0.1:${env.PORT}/v1/touchpoints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify(body(r)),
        });
        expect(res.status).toBe(202);
      };
      const projected = async () => {
        const { rows } = await db!.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM rm_touchpoints',
        );
        return rows[0].n;
      };
      for (let r = 0; r < 20; r++) await send(r);
      await until('the first 200 projected', async () => (await projected()) === 200);

      const { rows: leases } = await db.query<{ owner: string; generation: string }>(
        `SELECT owner, generation::text FROM projection_leases WHERE projection = 'journeys'`,
      );
      expect(leases).toHaveLength(1);
      const holder = projectors.find((p) => leases[0].owner.includes(`:${p.child.pid}:`))!;
      const standby = projectors.find((p) => p !== holder)!;
      holder.child.kill('SIGKILL');
      await holder.exited;

      for (let r = 20; r < 40; r++) await send(r);
      await until(
        'the standby to take over and project the rest',
        async () => (await projected()) === 400,
      );
      const { rows: after } = await db.query<{ owner: string; generation: string }>(
        `SELECT owner, generation::text FROM projection_leases WHERE projection = 'journeys'`,
      );
      expect(after[0].owner).toContain(`:${standby.child.pid}:`);
      expect(Number(after[0].generation)).toBe(Number(leases[0].generation) + 1);
      // Nothing counted twice: the map's node counts are the plain counts of what was sent.
      const { rows: nodes } = await db.query<{ key: string; n: number }>(
        `SELECT key, sum(value)::int AS n FROM rm_map_counters
          WHERE journey = 'loan' AND metric = 'node' AND channel = '*' GROUP BY key ORDER BY key`,
      );
      expect(nodes).toEqual(
        STEPS.map((s) => ({ key: s, n: 80 })).sort((a, b) => (a.key < b.key ? -1 : 1)),
      );
      const { rows: instances } = await db.query<{ n: number; steps: number }>(
        `SELECT count(*)::int AS n, sum(jsonb_array_length(steps))::int AS steps FROM rm_journey_instances`,
      );
      expect(instances).toEqual([{ n: 10, steps: 400 }]);
    } finally {
      await db?.end();
      for (const r of running.reverse()) {
        if (r.child.exitCode === null && r.child.signalCode === null) {
          r.child.kill('SIGTERM');
          await r.exited;
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
