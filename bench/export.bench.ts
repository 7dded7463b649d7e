import { performance } from 'node:perf_hooks';
import {
  cpuPerEvent,
  cpuUsed,
  ownCpuSeconds,
  postgresCpuSeconds,
  processCpuSeconds,
} from './cpu-use';
import { JourneysProjection } from '../apps/projector/src/journeys/journeys.projection';
import { rebuildProjection } from '../apps/projector/src/rebuild/rebuild';
import { startAppProcess } from './app-process';
import { freshProjectionDatabase } from './databases';
import { createKey, load } from './projection.bench';
import { round2 } from './stats';
import { PersonalData } from '../apps/api/src/personal-data/personal-data.service';
import { EXPORT_PAGE, EXPORT_SQL } from '../apps/api/src/queries/journey-export/export-traces';
import { exportChunks, writerOf } from '../apps/api/src/queries/journey-export/journey-export';

async function timed<T>(f: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { seconds: round2((performance.now() - t) / 1000), value };
}

export interface ExportBenchOptions {
  /** Touchpoints loaded; 4 in 5 are of the exported journey (the projection bench's workload). */
  readonly touchpoints: number;
  readonly customers: number;
  readonly log: (msg: string) => void;
}

/**
 * Issue 19's export figure: the projection bench's history projected by a rebuild, then the XES
 * export of the onboarding journey over HTTP from the built API (its own process), read as fast as
 * it comes and thrown away: events per second of the whole response, first byte to last.
 */
export async function benchExport(adminUrl: string, o: ExportBenchOptions) {
  const { url, pool, store } = await freshProjectionDatabase(adminUrl, 'bench_export', 8);
  try {
    o.log(`export: loading ${o.touchpoints} touchpoints over ${o.customers} customers`);
    await load(store, o);
    await pool.query('VACUUM (ANALYZE) es_events');
    o.log('export: projecting (rebuild)');
    await rebuildProjection(
      store,
      url,
      (m) => new JourneysProjection({ mode: m, frictions: true }),
    );
    await pool.query('VACUUM (ANALYZE)');
    const { rows } = await pool.query<{ events: string; instances: string }>(
      `SELECT sum(jsonb_array_length(steps)) AS events, count(*) AS instances
         FROM rm_journey_instances WHERE journey = 'onboarding'`,
    );
    const events = Number(rows[0].events);
    o.log('export: the same document in this process (no HTTP), and the cursor alone');
    const inProcess = await timed(async () => {
      let n = 0;
      const personal = null as unknown as PersonalData; // not read: nothing is revealed
      const request = { journey: 'onboarding', from: null, to: null, reveal: false };
      for await (const c of exportChunks(pool, personal, request, writerOf('xes'))) n += c.length;
      return n;
    });
    const cursorOnly = await timed(async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`DECLARE c NO SCROLL CURSOR FOR ${EXPORT_SQL}`, [
          'onboarding',
          null,
          null,
        ]);
        let n = 0;
        for (;;) {
          const { rows } = await client.query(`FETCH ${EXPORT_PAGE} FROM c`);
          n += rows.length;
          if (rows.length === 0) break;
        }
        await client.query('COMMIT');
        return n;
      } finally {
        client.release();
      }
    });
    o.log(`export: in process ${inProcess.seconds} s, cursor alone ${cursorOnly.seconds} s`);
    const app = await startAppProcess(url, { RATE_LIMIT_PER_SECOND: '0' });
    try {
      const admin = { authorization: `Bearer ${app.apiKey}` };
      const reader = { authorization: `Bearer ${await createKey(app.baseUrl, admin, ['read'])}` };
      o.log(`export: XES of ${events} events in ${rows[0].instances} instances over HTTP`);
      const postgresCpu = await postgresCpuSeconds(url);
      const before = [await processCpuSeconds(app.pid), await postgresCpu()];
      const readerBefore = process.cpuUsage();
      const t = performance.now();
      const res = await fetch(`${app.baseUrl}/v1/journeys/onboarding/export?format=xes`, {
        headers: reader,
      });
      if (res.status !== 200 || !res.body) throw new Error(`export: ${res.status}`);
      let bytes = 0;
      let traces = 0;
      // Read and dropped (as to /dev/null); counting trace ends checks the whole log came.
      const decoder = new TextDecoder();
      let carry = '';
      for await (const chunk of res.body) {
        bytes += chunk.byteLength;
        // The tail of a chunk is kept: a tag may be split between two chunks.
        const text = carry + decoder.decode(chunk, { stream: true });
        traces += text.split('</trace>').length - 1;
        carry = text.slice(text.lastIndexOf('>') + 1);
      }
      const seconds = (performance.now() - t) / 1000;
      const readerCpu = ownCpuSeconds(readerBefore);
      const api = cpuUsed(before[0], await processCpuSeconds(app.pid));
      const postgres = cpuUsed(before[1], await postgresCpu());
      if (traces !== Number(rows[0].instances))
        throw new Error(`export: ${traces} traces of ${rows[0].instances}`);
      const figures = {
        events,
        instances: traces,
        megabytes: round2(bytes / 2 ** 20),
        seconds: round2(seconds),
        eventsPerSec: Math.round(events / seconds),
        inProcessEventsPerSec: Math.round(events / inProcess.seconds),
        cursorAloneEventsPerSec: Math.round(events / cursorOnly.seconds),
        // CPU per event of each process, and the rate the host's cores could give at best with
        // that much work per event: what bounds the figure here, whatever else runs beside.
        cpu: cpuPerEvent(events, { api, postgres, reader: readerCpu }),
      };
      o.log(`export: ${JSON.stringify(figures)}`);
      return figures;
    } finally {
      await app.stop();
    }
  } finally {
    await store.close();
    await pool.end();
  }
}
