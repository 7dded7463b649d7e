import 'reflect-metadata';
import { DataSource } from 'typeorm';
import {
  createEventStore,
  loadEnvironment,
  logLevelFromEnvironment,
  usePinoForNest,
} from '@journey/event-store';
import { createPool, provideDatabase, ResilientClient } from '@journey/postgres';
import { ProjectorEnvironment } from './projector-config';
import { migrateReadModels, readModelDataSourceOptions } from '@journey/read-models';
import { PROJECTIONS } from './projections';
import { RebuildProgress } from './rebuild/rebuild';
import { claimRebuild, RebuildInProgressError, runRebuild } from './rebuild/recorded-rebuild';

const USAGE = `Usage: npm run cli -- projections rebuild <name>    projections: ${Object.keys(PROJECTIONS).join(', ')}`;

/**
 * `projections rebuild <name>`: replays into shadow tables with a progress bar, then swaps. Builds
 * PROJECTOR_PARTITIONS partitions (how a deployment changes its count).
 */
async function main(argv: string[]): Promise<void> {
  usePinoForNest(logLevelFromEnvironment('warn'), 2);
  const [group, command, name] = argv;
  const make = PROJECTIONS[name as keyof typeof PROJECTIONS];
  if (group !== 'projections' || command !== 'rebuild' || !make) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const env = loadEnvironment(ProjectorEnvironment);
  const database = await provideDatabase(env, { shareRunning: true });
  const dataSource = new DataSource(
    readModelDataSourceOptions(database.url, 2, { Client: ResilientClient }),
  );
  await dataSource.initialize();
  await migrateReadModels(dataSource);
  await dataSource.destroy();
  const pool = createPool({ connectionString: database.url, max: 4 });
  const store = await createEventStore(env, pool);
  const started = Date.now();
  try {
    const job = await claimRebuild(pool, name);
    const result = await runRebuild(
      pool,
      store,
      database.url,
      job,
      (mode, partition) => make(mode, { partition }),
      env.PROJECTOR_PARTITIONS,
      (p) => bar(p, started),
    );
    process.stderr.write('\n');
    process.stdout.write(
      `Rebuilt ${name}: ${result.processed} events in ${((Date.now() - started) / 1000).toFixed(1)} s, swapped in.\n`,
    );
  } finally {
    await store.close();
    await pool.end();
    await database.stop();
  }
}

function bar(p: RebuildProgress, started: number): void {
  const seconds = (Date.now() - started) / 1000;
  const rate = p.processed / Math.max(seconds, 0.001);
  // The total was counted at the start: events appended since are caught up after it.
  const catchingUp = p.total !== null && p.processed > p.total;
  const total = p.total === null ? 0 : Math.max(p.total, p.processed);
  const share = total > 0 ? Math.min(1, p.processed / total) : 0;
  const width = 30;
  const filled = Math.round(share * width);
  const eta = catchingUp
    ? `catching up on ${p.processed - p.total!} new`
    : total > 0 && rate > 0
      ? `${Math.max(0, (total - p.processed) / rate).toFixed(0)} s left`
      : '';
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.processed}${total ? `/${total}` : ''} events  ` +
      `${Math.round(rate)} events/s  ${eta}   `,
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof RebuildInProgressError) {
    process.stderr.write(`${err.message}; nothing was started.\n`);
    process.exit(1);
  }
  process.stderr.write(`\n${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
