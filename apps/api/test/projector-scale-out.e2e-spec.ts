import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { runningEmbeddedUrl } from '../../../libs/postgres/src/embedded/embedded-postgres';
import { readModelSnapshot } from '../../projector/test/read-model-snapshot';
import { API_KEY, freePort, runCli, Running, start, waitReady } from './process-harness';

const PROJECTOR = path.resolve(__dirname, '../../../dist/apps/projector/src/main.js');
const PROJECTOR_CLI = path.resolve(__dirname, '../../../dist/apps/projector/src/cli.js');
const STEPS = ['start', 'details', 'check', 'offer', 'sign'];
const PARTITIONS = 8;
const CUSTOMERS = 40;

/** Request r: 10 touchpoints of step r % 5, for a quarter of the customers. */
function body(r: number) {
  return {
    touchpoints: Array.from({ length: 10 }, (_, i) => ({
      id: `r${r}-t${i}`,
      customerId: `c-${(i + 10 * r) % CUSTOMERS}`,
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

/** Each running projector's pid, by the partitions whose lease it holds now. */
async function holders(db: Pool, projectors: Running[]): Promise<Map<Running, number[]>> {
  const { rows } = await db.query<{ partition: number; owner: string }>(
    `SELECT partition, owner FROM projection_leases
      WHERE projection = 'journeys' AND owner IS NOT NULL AND expires_at > now() ORDER BY partition`,
  );
  const out = new Map<Running, number[]>();
  for (const r of rows) {
    const p = projectors.find((x) => r.owner.includes(`:${x.child.pid}:`));
    if (p) out.set(p, [...(out.get(p) ?? []), r.partition]);
  }
  return out;
}

const held = async (db: Pool, projectors: Running[]) =>
  [...(await holders(db, projectors)).values()].reduce((n, list) => n + list.length, 0);

describe('projector processes sharing partitions (issue 15)', () => {
  it('given three projectors under load: kill -9 one, pause another past its lease, add a fourth; partitions move, the paused one commits nothing, and the read models equal a one-process rebuild', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'journey-scale-out-'));
    const env = {
      EMBEDDED_PG_DIR: dir,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
    };
    const running: Running[] = [];
    let db: Pool | null = null;
    let sending = true;
    let sender: Promise<void> = Promise.resolve();
    try {
      const api = start(env);
      running.push(api);
      await waitReady(Number(env.PORT), api);
      const cli = await runCli(['keys', 'create', '--name', 'crm', '--scopes', 'ingest'], env);
      const key = cli.output.match(API_KEY)![0];
      const url = (await runningEmbeddedUrl(dir, 'journey'))!;
      db = new Pool({ connectionString: url, max: 2 });
      const projector = () => {
        const p = start({ DATABASE_URL: url, PROJECTOR_PARTITIONS: String(PARTITIONS) }, PROJECTOR);
        running.push(p);
        return p;
      };
      const [a, b, c] = [projector(), projector(), projector()];
      let sent = 0;
      sender = (async () => {
        while (sending) {
          const res = await fetch(`http://127.0.0.1:${env.PORT}/v1/touchpoints`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify(body(sent)),
          });
          expect(res.status).toBe(202);
          sent++;
          await new Promise((r) => setTimeout(r, 20));
        }
      })();

      // Three processes divide the eight partitions: ceil(8 / 3) at most each.
      await until('all partitions held by the three', async () => {
        const by = await holders(db!, [a, b, c]);
        return (
          (await held(db!, [a, b, c])) === PARTITIONS &&
          [a, b, c].every((p) => (by.get(p)?.length ?? 0) >= 2)
        );
      });
      for (const list of (await holders(db, [a, b, c])).values())
        expect(list.length).toBeLessThanOrEqual(3);

      // kill -9: its partitions are taken over once its leases expire.
      const killed = (await holders(db, [a, b, c])).get(a)!;
      a.child.kill('SIGKILL');
      await a.exited;
      await until('the killed process partitions taken over', async () => {
        const by = await holders(db!, [b, c]);
        return killed.every((p) => [...by.values()].some((list) => list.includes(p)));
      });

      // Paused past its lease: the other takes everything; resumed, it commits nothing.
      b.child.kill('SIGSTOP');
      await until('the paused process partitions taken over', async () => {
        const by = await holders(db!, [b, c]);
        return (by.get(c)?.length ?? 0) === PARTITIONS;
      });
      b.child.kill('SIGCONT');
      await until('the resumed process to find its leases gone', async () =>
        /was taken over; not committing|lease lost to another process/.test(b.output()),
      );
      // It rejoins, and the two share the partitions again.
      await until('the two to share', async () => {
        const by = await holders(db!, [b, c]);
        return (
          (by.get(b)?.length ?? 0) === PARTITIONS / 2 && (by.get(c)?.length ?? 0) === PARTITIONS / 2
        );
      });

      // A fourth process joins and gets partitions.
      const d = projector();
      await until('the fourth to hold partitions', async () => {
        const by = await holders(db!, [b, c, d]);
        return (by.get(d)?.length ?? 0) >= 2 && (await held(db!, [b, c, d])) === PARTITIONS;
      });

      sending = false;
      await sender;
      await until('every touchpoint projected', async () => {
        const { rows } = await db!.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM rm_touchpoints',
        );
        return rows[0].n === sent * 10;
      });
      // Nothing lost or counted twice: node visits per step, and every step in an instance.
      const { rows: nodes } = await db.query<{ key: string; n: number }>(
        `SELECT key, sum(value)::int AS n FROM rm_map_counters
          WHERE journey = 'loan' AND metric = 'node' AND channel = '*' GROUP BY key ORDER BY key`,
      );
      const perStep = new Map<string, number>();
      for (let r = 0; r < sent; r++) {
        const step = STEPS[r % STEPS.length];
        perStep.set(step, (perStep.get(step) ?? 0) + 10);
      }
      expect(nodes).toEqual([...perStep].sort().map(([key, n]) => ({ key, n })));
      const { rows: steps } = await db.query<{ n: number }>(
        'SELECT sum(jsonb_array_length(steps))::int AS n FROM rm_journey_instances',
      );
      expect(steps[0].n).toBe(sent * 10);

      // The same as one process rebuilding everything as one partition, table by table.
      const live = await readModelSnapshot(db);
      const rebuild = start({ DATABASE_URL: url, PROJECTOR_PARTITIONS: '1' }, PROJECTOR_CLI, [
        'projections',
        'rebuild',
        'journeys',
      ]);
      expect(await rebuild.exited).toBe(0);
      expect(await readModelSnapshot(db)).toEqual(live);
    } catch (err) {
      // What the processes said: the warnings of leases, rounds and batches.
      const said = running
        .slice(1)
        .map((r, k) => `--- process ${k}:\n${r.output().split('\n').slice(-40).join('\n')}`);
      throw new Error(`${(err as Error).message}\n${said.join('\n')}`);
    } finally {
      sending = false;
      await sender.catch(() => undefined);
      await db?.end();
      for (const r of [...running].reverse()) {
        if (r.child.signalCode === 'SIGSTOP') r.child.kill('SIGCONT');
        if (r.child.exitCode === null && r.child.signalCode !== 'SIGKILL') {
          r.child.kill('SIGTERM');
          await r.exited;
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
