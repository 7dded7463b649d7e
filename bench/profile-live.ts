import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  customerStream,
  deterministicEventId,
  journeyDefinitionStream,
  serialize,
} from '@journey/events';
import { startEmbeddedPostgres } from '../libs/postgres/src/embedded/embedded-postgres';
import { JourneysProjection } from '../apps/projector/src/journeys/journeys.projection';
import { ProjectionRunner } from '../apps/projector/src/runner/projection-runner';
import { rebuildProjection } from '../apps/projector/src/rebuild/rebuild';
import { freePort } from './app-process';
import { freshProjectionDatabase } from './databases';
import { DEFINITIONS } from './long-journeys-graph';
import { eventsProcessed, waitCaughtUp } from './journeys-progress';
import { history, START_WINDOW_MS, steady, Touchpoint } from './long-journeys-workload';
import { EventStore } from '@journey/event-store';

/**
 * A development tool, not part of `npm run bench`: the long-journeys history appended straight to
 * the store (no API), then the live journeys projection catching up in this process, so
 * `node --cpu-prof dist/bench/profile-live.js [customers]` profiles the live path alone.
 * PROFILE_PG_SETTINGS='{"shared_preload_libraries":"pg_stat_statements"}' prints the costliest
 * statements; PROFILE_EXPLAIN='<sql>' (PROFILE_ANALYZE=1 to ANALYZE first) prints a plan;
 * PROFILE_SETUP_SQL='<sql>' runs before the load (to try a storage setting).
 */
const metadata = {
  correlationId: 'profile',
  causationId: 'profile',
  requestId: 'profile',
  source: 'profile',
  apiKeyId: null,
};

async function main() {
  const customers = Number(process.argv[2] ?? 2000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'journey-profile-'));
  // PROFILE_PG_SETTINGS: server settings as JSON (pg_stat_statements...), printed after the run.
  const settings = process.env.PROFILE_PG_SETTINGS
    ? JSON.parse(process.env.PROFILE_PG_SETTINGS)
    : {};
  const pg = await startEmbeddedPostgres({
    dataDir: dir,
    port: await freePort(),
    database: 'p',
    settings,
  });
  const { url, pool, store } = await freshProjectionDatabase(pg.url, 'profile', 4);
  try {
    if (settings.shared_preload_libraries?.includes('pg_stat_statements'))
      await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    // PROFILE_SETUP_SQL: statements to try before the run (a storage setting, an index...).
    if (process.env.PROFILE_SETUP_SQL) await pool.query(process.env.PROFILE_SETUP_SQL);
    for (const [journey, definition] of Object.entries(DEFINITIONS)) {
      const data = {
        journey,
        stepSla: {},
        personalAttributes: [],
        personalByDefault: false,
        nonPersonalAttributes: [],
        frictionThresholds: {},
        ...definition,
      };
      const event = { type: 'JourneyDefined', data } as never;
      await store.appendToStream(journeyDefinitionStream(journey), [
        serialize(deterministicEventId('def', journey), event, metadata),
      ]);
    }
    const { posted } = history(14, customers);
    for (let i = 0; i < posted.length; i += 1000)
      await appendTouchpoints(
        store,
        posted.slice(i, i + 1000).map((e) => e.tp),
      );
    process.stderr.write(`appended ${posted.length} touchpoints\n`);
    // PROFILE_REBUILD=1: the rebuild of the same history instead of the live catch-up.
    if (process.env.PROFILE_REBUILD) {
      await pool.query('VACUUM (ANALYZE) es_events');
      const r0 = performance.now();
      const rebuilt = await rebuildProjection(
        store,
        url,
        (m) => new JourneysProjection({ mode: m }),
      );
      const s = (performance.now() - r0) / 1000;
      process.stdout.write(
        JSON.stringify({
          rebuilt: rebuilt.processed,
          seconds: s,
          eventsPerSec: Math.round(rebuilt.processed / s),
        }) + '\n',
      );
      return;
    }
    const projection = new JourneysProjection({ mode: 'live' });
    const runner = new ProjectionRunner(store, pool, projection);
    const t0 = performance.now();
    if (settings.shared_preload_libraries?.includes('pg_stat_statements'))
      await pool.query('SELECT pg_stat_statements_reset()');
    runner.start();
    const log = (msg: string) => process.stderr.write(`${msg}\n`);
    if ((await waitCaughtUp(pool, t0 + 3_600_000, log)) === null) throw new Error('no catch-up');
    const seconds = (performance.now() - t0) / 1000;
    // PROFILE_HEAP=1 (with node --expose-gc): the heap the held pair states take, per pair.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (process.env.PROFILE_HEAP && gc) {
      await runner.stop();
      gc();
      const held = process.memoryUsage().heapUsed;
      const pairs = projection.heldPairs;
      projection.forget();
      gc();
      const freed = held - process.memoryUsage().heapUsed;
      process.stderr.write(
        `heap: ${pairs} pairs held, ${Math.round(freed / 2 ** 20)} MB, ${Math.round(freed / pairs)} bytes per pair\n`,
      );
    }
    // PROFILE_STEADY=<seconds>: then new customers at a steady 2,000 touchpoints/s, in appends of
    // 200, each timed from its append until the checkpoint has passed it (no API, no GET).
    const steadySeconds = Number(process.env.PROFILE_STEADY ?? 0);
    if (steadySeconds > 0) {
      const lastT = posted.reduce((m, e) => Math.max(m, e.t), -Infinity);
      const tps = steady(
        14,
        customers,
        lastT + 60_000,
        START_WINDOW_MS / customers,
        steadySeconds * 2000,
      );
      // PROFILE_STEADY_IDLE_MS: the quiet time before (idle ticks sweep overdue instances meanwhile).
      const idleMs = Number(process.env.PROFILE_STEADY_IDLE_MS ?? 5000);
      process.stderr.write(`steady: ${tps.length} touchpoints after ${idleMs} ms idle\n`);
      await new Promise((r) => setTimeout(r, idleMs));
      if (settings.shared_preload_libraries?.includes('pg_stat_statements'))
        await pool.query('SELECT pg_stat_statements_reset()');
      // PROFILE_STEADY_CPU=<file>: a CPU profile of the steady phase alone.
      const session = process.env.PROFILE_STEADY_CPU ? new inspector.Session() : null;
      const post = (method: string) =>
        new Promise<unknown>((ok, fail) =>
          session!.post(method, (err, res) => (err ? fail(err) : ok(res))),
        );
      if (session) {
        session.connect();
        await post('Profiler.enable');
        await post('Profiler.start');
      }
      const base = await eventsProcessed(pool);
      const latencies: number[] = [];
      const start = performance.now();
      for (let b = 0; b * 200 < tps.length; b++) {
        const due = start + b * 100;
        if (due > performance.now())
          await new Promise((r) => setTimeout(r, due - performance.now()));
        await appendTouchpoints(
          store,
          tps.slice(b * 200, b * 200 + 200).map((e) => e.tp),
        );
        const appended = performance.now();
        const target = base + Math.min(tps.length, b * 200 + 1);
        void (async () => {
          while ((await eventsProcessed(pool)) < target) await new Promise((r) => setTimeout(r, 5));
          latencies.push(performance.now() - appended);
        })();
      }
      while (latencies.length * 200 < tps.length) await new Promise((r) => setTimeout(r, 50));
      if (session) {
        const { profile } = (await post('Profiler.stop')) as { profile: unknown };
        writeFileSync(process.env.PROFILE_STEADY_CPU!, JSON.stringify(profile));
      }
      latencies.sort((a, b) => a - b);
      const q = (p: number) => Math.round(latencies[Math.floor(p * (latencies.length - 1))]);
      process.stderr.write(
        `steady: append to checkpoint p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms\n`,
      );
    }
    await runner.stop();
    if (settings.shared_preload_libraries?.includes('pg_stat_statements')) {
      const { rows } = await pool.query(
        `SELECT round(total_exec_time) AS ms, calls, round(mean_exec_time::numeric, 2) AS mean, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
           FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25`,
      );
      for (const r of rows) process.stderr.write(`${r.ms} ms ${r.calls} x ${r.mean} ${r.query}\n`);
    }
    if (process.env.PROFILE_EXPLAIN) {
      if (process.env.PROFILE_ANALYZE) await pool.query('ANALYZE es_events');
      const { rows: plan } = await pool.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${process.env.PROFILE_EXPLAIN}`,
      );
      for (const r of plan) process.stderr.write(`${r['QUERY PLAN']}\n`);
    }
    const { rows: tables } = await pool.query<{ t: string; n: number; bytes: string }>(
      `SELECT relname AS t, n_live_tup::int AS n, pg_total_relation_size(relid)::text AS bytes
         FROM pg_stat_user_tables WHERE n_live_tup > 0 ORDER BY 2 DESC`,
    );
    process.stdout.write(
      JSON.stringify({
        rows: Object.fromEntries(tables.map((r) => [r.t, r.n])),
        // With indexes and TOAST: what the store and the read models take on disk.
        megabytes: Object.fromEntries(
          tables.map((r) => [r.t, Math.round(Number(r.bytes) / 2 ** 20)]),
        ),
        events: posted.length,
        seconds: Math.round(seconds * 100) / 100,
        eventsPerSec: Math.round(posted.length / seconds),
        paths: projection.paths,
        // Wall time per phase, when the projection is instrumented by hand (globalThis.__PH).
        phases: Object.fromEntries(
          Object.entries((globalThis as { __PH?: Record<string, number> }).__PH ?? {}).map(
            ([k, v]) => [k, Math.round(v)],
          ),
        ),
      }) + '\n',
    );
  } finally {
    await store.close();
    await pool.end();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function appendTouchpoints(store: EventStore, tps: readonly Touchpoint[]) {
  const byStream = new Map<string, ReturnType<typeof serialize>[]>();
  for (const tp of tps) {
    const stream = customerStream(tp.customerId);
    const event = {
      type: 'TouchpointRecorded',
      data: {
        touchpointId: tp.id,
        customerId: tp.customerId,
        anonymousId: null,
        journey: tp.journey,
        step: tp.step,
        stage: null,
        channel: tp.channel,
        outcome: tp.outcome,
        occurredAt: tp.occurredAt,
        journeyInstanceId: null,
        durationMs: null,
        source: null,
        agentId: null,
        attributes: {},
      },
    } as never;
    const list = byStream.get(stream) ?? [];
    list.push(serialize(deterministicEventId(stream, tp.id), event, metadata));
    byStream.set(stream, list);
  }
  await store.appendToStreams([...byStream].map(([stream, events]) => ({ stream, events })));
}

main().catch((err: unknown) => {
  process.stderr.write(`profile failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
