import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { startEmbeddedPostgres } from '../libs/event-store/src/postgres/embedded-postgres';
import { StoreFigures, writeBenchmarks } from './report';
import { benchStore } from './store.bench';

/**
 * `npm run bench` (full) or `npm run bench -- --quick` (under 2 minutes). Progress goes to stderr,
 * the figures to BENCHMARKS.md, and one JSON object of them is the last line on stdout.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  Logger.overrideLogger(['error', 'warn']);
  const log = (msg: string) =>
    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const root = path.resolve('.data');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'journey-bench-'));
  const port = 55000 + Math.floor(Math.random() * 1000);
  log(`starting a fresh embedded PostgreSQL in ${dir}`);
  const pg = await startEmbeddedPostgres({ dataDir: dir, port, database: 'bench' });
  const startedAt = new Date().toISOString();
  let store: StoreFigures;
  try {
    store = (await benchStore(pg.url, {
      events: 200_000,
      streams: 1000,
      batch: 100,
      singleWriters: 16,
      singleSeconds: quick ? 3 : 10,
      catchUpEvents: quick ? 200_000 : 1_000_000,
      log,
    })) as unknown as StoreFigures;
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const figures = {
    startedAt,
    quick,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    store,
  };
  if (!quick) writeBenchmarks(path.join(root, '..', 'BENCHMARKS.md'), figures);
  process.stdout.write(JSON.stringify(figures) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
