import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { startEmbeddedPostgres } from '../libs/postgres/src/embedded/embedded-postgres';
import { benchCheckpoint } from './checkpoint.bench';
import { benchExport } from './export.bench';
import { benchFailover } from './failover.bench';
import { benchImport } from './import.bench';
import { benchIngestion } from './ingestion.bench';
import { benchLongIngestion, benchLongJourneys } from './long-journeys.bench';
import { benchProcessMap } from './process-map.bench';
import { benchProjection } from './projection.bench';
import { Figures, writeBenchmarks } from './report';
import { benchScaleOut } from './scale-out.bench';
import { benchStore } from './store.bench';

/**
 * `npm run bench` (full) or `npm run bench -- --quick` (a few minutes); `--only=store|ingestion|projection|long|failover|scale|checkpoint|process-map|import|export`
 * runs one part. Progress goes to stderr; a full run of every part rewrites the generated section
 * of BENCHMARKS.md; the last stdout line is one JSON object of the figures.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const runs = (part: string) => !only || only === part;
  Logger.overrideLogger(['error', 'warn']);
  const log = (msg: string) =>
    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'journey-bench-'));
  const port = 55000 + Math.floor(Math.random() * 1000);
  log(`starting a fresh embedded PostgreSQL in ${dir}`);
  // BENCH_PG_SETTINGS: extra server settings as JSON, to look inside a run (pg_stat_statements...).
  const settings = process.env.BENCH_PG_SETTINGS ? JSON.parse(process.env.BENCH_PG_SETTINGS) : {};
  const pg = await startEmbeddedPostgres({ dataDir: dir, port, database: 'bench', settings });
  const figures: Figures = {
    startedAt: new Date().toISOString(),
    quick,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
  };
  try {
    if (runs('store')) {
      figures.store = await benchStore(pg.url, {
        events: 200_000,
        streams: 1000,
        batch: 100,
        singleWriters: 16,
        singleSeconds: quick ? 3 : 10,
        catchUpEvents: quick ? 200_000 : 1_000_000,
        log,
      });
    }
    if (runs('ingestion')) {
      figures.ingestion = await benchIngestion(pg.url, { seconds: quick ? 4 : 10, log });
    }
    if (runs('projection')) {
      figures.projection = await benchProjection(pg.url, {
        touchpoints: quick ? 100_000 : 1_000_000,
        customers: quick ? 10_000 : 100_000,
        steadySeconds: quick ? 5 : 15,
        log,
      });
    }
    if (runs('long')) {
      figures.longIngestion = await benchLongIngestion(pg.url, {
        customers: quick ? 2_000 : 10_000,
        log,
      });
      figures.longJourneys = await benchLongJourneys(pg.url, {
        customers: quick ? 2_000 : 10_000,
        steadySeconds: quick ? 5 : 15,
        convergeTimeoutSeconds: quick ? 600 : 1200,
        log,
      });
    }
    if (runs('checkpoint')) {
      figures.checkpoint = await benchCheckpoint(pg.url, {
        streams: quick ? 10_000 : 100_000,
        eventsPerStream: 10,
        log,
      });
    }
    if (runs('process-map')) {
      figures.processMap = await benchProcessMap(pg.url, { renders: quick ? 5 : 20, log });
    }
    if (runs('import')) {
      figures.import = await benchImport(pg.url, { events: quick ? 100_000 : 1_000_000, log });
    }
    if (runs('export')) {
      figures.export = await benchExport(pg.url, {
        touchpoints: quick ? 125_000 : 1_250_000,
        customers: quick ? 12_500 : 125_000,
        log,
      });
    }
    if (runs('failover')) {
      figures.failover = await benchFailover(pg.url, { seconds: quick ? 12 : 30, log });
    }
    if (runs('scale')) {
      // Four configurations of the long-journeys live workload. 3,000 customers (the long part
      // has 10,000) keeps each near 3 minutes on 2 cores: the partitioned ones are the slower.
      figures.scaleOut = await benchScaleOut(pg.url, {
        customers: quick ? 600 : 3_000,
        steadySeconds: quick ? 3 : 15,
        convergeTimeoutSeconds: quick ? 300 : 600,
        log,
      });
    }
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (!quick && !only) writeBenchmarks(path.resolve('BENCHMARKS.md'), figures);
  process.stdout.write(JSON.stringify(figures) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
