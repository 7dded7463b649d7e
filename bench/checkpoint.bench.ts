import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { chainEvents, customerStream } from '@journey/events';
import { ChainCheckpoints } from '../apps/api/src/audit/chain-checkpoints/chain-checkpoints';
import { freshProjectionDatabase } from './databases';
import { round2 } from './stats';

export interface CheckpointBenchOptions {
  readonly streams: number;
  readonly eventsPerStream: number;
  readonly log: (msg: string) => void;
}

/**
 * A signed checkpoint of `streams` chained customer streams, made as the API makes it: how long
 * it takes (mostly PostgreSQL reading the heads), the longest the event loop waited meanwhile (what
 * a request in flight would feel), and what the database keeps of it. Twice: the first right after
 * the load (fresh statistics), the second after one more event (a real change to sign).
 */
export async function benchCheckpoint(adminUrl: string, o: CheckpointBenchOptions) {
  const { pool, store } = await freshProjectionDatabase(adminUrl, 'checkpoints', 6);
  try {
    o.log(`checkpoint: loading ${o.streams.toLocaleString('en')} chained streams`);
    const events = (n: number) =>
      chainEvents(
        '0'.repeat(64),
        Array.from({ length: n }, (_, i) => ({
          id: randomUUID(),
          type: 'TouchpointRecorded',
          data: { step: `s${i}`, customer: randomUUID() },
          metadata: {},
        })),
      );
    for (let i = 0; i < o.streams; i += 500)
      await store.appendToStreams(
        Array.from({ length: Math.min(500, o.streams - i) }, (_, k) => ({
          stream: customerStream(`c${i + k}`),
          events: events(o.eventsPerStream),
        })),
      );
    const key = generateKeyPairSync('ed25519').privateKey;
    const runs = [];
    for (const round of [1, 2]) {
      if (round === 2) await store.appendToStream(customerStream('c-late'), events(1));
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const t = performance.now();
      const made = await new ChainCheckpoints(pool, store).make(key, new Date());
      const ms = performance.now() - t;
      loop.disable();
      if (!made?.stored) throw new Error('the checkpoint was not stored');
      runs.push({ seconds: round2(ms / 1000), eventLoopMaxMs: round2(loop.max / 1e6) });
    }
    const { rows } = await pool.query<{ bytes: number }>(
      'SELECT pg_column_size(heads_gz)::int AS bytes FROM chain_checkpoints ORDER BY id DESC LIMIT 1',
    );
    return {
      streams: o.streams + 1,
      events: o.streams * o.eventsPerStream + 1,
      runs,
      storedBytes: rows[0].bytes,
    };
  } finally {
    await pool.end();
  }
}
