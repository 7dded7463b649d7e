import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { Logger } from '@nestjs/common';
import { createPool, PostgresEventStore } from '@journey/event-store';
import { migrateReadModels, readModelDataSourceOptions } from '@journey/read-models';
import { startEmbeddedPostgres } from '../libs/event-store/src/postgres/embedded-postgres';
import { JourneysProjection } from '../apps/projector/src/journeys/journeys.projection';
import { rebuildProjection } from '../apps/projector/src/rebuild/rebuild';
import { freshDatabase } from './databases';
import { load } from './projection.bench';

async function main() {
  Logger.overrideLogger(['error', 'warn']);
  const n = Number(process.argv[2] ?? 100_000);
  const pg = await startEmbeddedPostgres({
    dataDir: mkdtempSync('/tmp/rbpg-'),
    port: 56002,
    database: 'bench',
  });
  const url = await freshDatabase(pg.url, 'rb');
  const pool = createPool({ connectionString: url, max: 8 });
  const store = new PostgresEventStore(pool, { pageSize: 5000 });
  await store.ensureSchema();
  const ds = new DataSource(readModelDataSourceOptions(url, 2));
  await ds.initialize();
  await migrateReadModels(ds);
  await ds.destroy();
  await load(store, { touchpoints: n, customers: n / 10 });
  await pool.query(process.env.XVAC ? 'VACUUM ANALYZE es_events' : 'CHECKPOINT');
  for (let i = 0; i < Number(process.argv[3] ?? 1); i++) {
    const t = performance.now();
    const r = await rebuildProjection(
      store,
      url,
      (mode) => new JourneysProjection({ mode, frictions: process.env.XFR !== '0' }),
      {
        onProgress: (p) =>
          console.error('TEMP progress', p.processed, Math.round(performance.now() - t)),
      },
    );
    const ms = performance.now() - t;
    console.log(
      JSON.stringify({
        events: r.processed,
        seconds: ms / 1000,
        perSec: Math.round((r.processed * 1000) / ms),
      }),
    );
  }
  const { rows } = await pool.query(
    `SELECT (SELECT count(*) FROM rm_touchpoints) t, (SELECT count(*) FROM rm_journey_instances) i, (SELECT count(*) FROM rm_map_counters) c, (SELECT sum(value) FROM rm_map_counters) s, (SELECT count(*) FROM rm_map_durations) d, (SELECT count(*) FROM rm_friction_occurrences) f`,
  );
  console.log(JSON.stringify(rows[0]));
  await store.close();
  await pool.end();
  await pg.stop();
}
main();
