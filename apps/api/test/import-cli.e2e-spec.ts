import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { HELPDESK_FILE, readXes } from '../../../test/data/helpdesk';
import { RECEIPT_FILE, readReceiptLog } from '../../../test/data/receipt';
import { bearer, startTestApp, TEST_KEK, TestApp } from './harness';
import { CLI, runCli, start } from './process-harness';

const THIRTY_DAYS = 30 * 86_400_000;
const increment = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

interface CaseEvent {
  readonly activity: string;
  readonly time: number;
  readonly index: number;
}

/** Plain counts over a log (the test's own readers, not the import's): nodes and edges. */
function expectedMap(cases: Map<string, readonly CaseEvent[]>) {
  const nodes = new Map<string, number>();
  const edges = new Map<string, number>();
  const watermark = Math.max(...[...cases.values()].flat().map((e) => e.time));
  for (const events of cases.values()) {
    const ordered = [...events].sort((a, b) => a.time - b.time || a.index - b.index);
    ordered.forEach((e, i) => {
      increment(nodes, e.activity);
      increment(edges, `${i === 0 ? '__start__' : ordered[i - 1].activity}->${e.activity}`);
    });
    const last = ordered[ordered.length - 1];
    if (watermark - last.time > THIRTY_DAYS) increment(edges, `${last.activity}->__end__`);
  }
  return { nodes, edges };
}

async function actualMap(t: TestApp, journey: string) {
  const map = (
    await request(t.server).get(`/v1/journey-maps/${journey}`).set(bearer(t.keys.read)).expect(200)
  ).body as {
    instances: { total: number };
    nodes: { step: string; count: number }[];
    edges: { from: string; to: string; count: number }[];
  };
  return {
    instances: map.instances.total,
    nodes: new Map(map.nodes.map((n) => [n.step, n.count])),
    edges: new Map(map.edges.map((e) => [`${e.from}->${e.to}`, e.count])),
  };
}

const storedEvents = async (t: TestApp) =>
  Number(
    (await t.db.pool.query(`SELECT count(*) AS n FROM es_events WHERE type = 'TouchpointRecorded'`))
      .rows[0].n,
  );

const HELPDESK_ARGS = [
  'import',
  HELPDESK_FILE,
  '--journey',
  'helpdesk',
  '--trace-as',
  'instance',
  '--customer-attr',
  'concept:name',
  // Not the file's folder: the shared data is read-only.
  '--rejects',
  path.join(tmpdir(), `helpdesk-rejects-${process.pid}.ndjson`),
];

/**
 * The built CLI (`npm run build` first) against a test app's database, with the projector. One
 * app per log: abandonment is measured by the event-time watermark of all journeys.
 */
function withApp(): { t: TestApp; env: Record<string, string>; dir: string } {
  const ctx = {} as { t: TestApp; env: Record<string, string>; dir: string };
  beforeAll(async () => {
    ctx.t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' }, { projector: true });
    ctx.env = { DATABASE_URL: ctx.t.db.url, LOG_LEVEL: 'error', DATA_KEK: TEST_KEK };
    ctx.dir = mkdtempSync(path.join(tmpdir(), 'import-e2e-'));
  });
  afterAll(async () => {
    await ctx.t?.close();
    if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
  });
  return ctx;
}

describe('npm run cli -- import: the helpdesk XES', () => {
  const ctx = withApp();

  it('imports the helpdesk XES killed halfway and again: the map equals a plain count, nothing twice', async () => {
    const { t, env } = ctx;
    const first = start(env, CLI, HELPDESK_ARGS);
    // Killed once a few batches are stored, well before the 21,348 events are.
    while ((await storedEvents(t)) < 3000) {
      if (first.child.exitCode !== null) throw new Error(`ended early:\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    // An append the killed process had sent still runs, and commits, in its server process: count
    // once no append is running (each is one autocommitted statement).
    const appending = async () =>
      (
        await t.db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND state = 'active' AND query LIKE '%es_append%'`,
        )
      ).rows[0].n;
    while ((await appending()) > 0) await new Promise((r) => setTimeout(r, 20));
    const before = await storedEvents(t);
    expect(before).toBeLessThan(21348);

    const again = await runCli(HELPDESK_ARGS, env);
    expect(again.code).toBe(0);
    const m = /(\d+) rows read, (\d+) stored, (\d+) duplicates, 0 rejected/.exec(again.output);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(21348);
    expect(Number(m![2])).toBe(21348 - before);
    expect(Number(m![3])).toBe(before);
    expect(await storedEvents(t)).toBe(21348);

    await t.settle();
    const cases = readXes(HELPDESK_FILE);
    const expected = expectedMap(new Map([...cases].map(([id, events]) => [id, events])));
    const actual = await actualMap(t, 'helpdesk');
    expect(actual.instances).toBe(cases.size);
    expect(actual.nodes).toEqual(expected.nodes);
    expect(actual.edges).toEqual(expected.edges);

    // A third run finds everything stored.
    const third = await runCli(HELPDESK_ARGS, env);
    expect(third.output).toMatch(/21348 rows read, 0 stored, 21348 duplicates, 0 rejected/);
  });
});

describe('npm run cli -- import: the receipt CSV', () => {
  const ctx = withApp();

  it('imports the receipt CSV with --map: the map equals a plain count', async () => {
    const { t, env } = ctx;
    const out = await runCli(
      [
        'import',
        RECEIPT_FILE,
        '--journey',
        'receipt',
        '--map',
        'customerId=case:concept:name,journeyInstanceId=case:concept:name',
        '--map',
        'step=concept:name,occurredAt=time:timestamp,agentId=org:resource',
        '--set',
        'channel=other',
        '--rejects',
        path.join(ctx.dir, 'receipt-rejects.ndjson'),
      ],
      env,
    );
    expect(out.output).toMatch(/8577 rows read, 8577 stored, 0 duplicates, 0 rejected/);
    expect(out.code).toBe(0);
    await t.settle();
    const cases = readReceiptLog();
    const expected = expectedMap(cases);
    const actual = await actualMap(t, 'receipt');
    expect(actual.instances).toBe(cases.size);
    expect(actual.nodes).toEqual(expected.nodes);
    expect(actual.edges).toEqual(expected.edges);
  });
});
