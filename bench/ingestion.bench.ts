import autocannon from 'autocannon';
import { Client } from 'pg';
import { startAppProcess } from './app-process';
import { freshDatabase } from './databases';
import { openLoop } from './open-loop';

export interface IngestionBenchOptions {
  readonly seconds: number;
  readonly log: (msg: string) => void;
}

const CHANNELS = ['web', 'mobile_app', 'email', 'phone', 'chat', 'store'];
const STEPS = ['landing', 'signup', 'kyc-upload', 'checkout', 'payment', 'confirmation'];
let serial = 0;

function touchpoint() {
  const n = serial++;
  return {
    id: `bench-${process.pid}-${n}`,
    customerId: `c${String(Math.floor(Math.random() * 100_000)).padStart(6, '0')}`,
    journey: 'onboarding',
    step: STEPS[n % STEPS.length],
    channel: CHANNELS[(n >> 2) % CHANNELS.length],
    outcome: n % 11 === 0 ? 'failure' : 'success',
    occurredAt: new Date(Date.UTC(2026, 4, 1) + n * 1000).toISOString(),
    attributes: { device: n % 2 ? 'ios' : 'android', campaign: `cmp-${n % 97}` },
  };
}

/** HTTP ingestion end to end (issue 3): the API as its own process, autocannon as the callers. */
export async function benchIngestion(adminUrl: string, o: IngestionBenchOptions) {
  const url = await freshDatabase(adminUrl, 'bench_ingest');
  const app = await startAppProcess(url, { RATE_LIMIT_PER_SECOND: '0' });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${app.apiKey}` };
  try {
    o.log(`ingestion: batches of 500 over 8 connections, ${o.seconds}s`);
    const batch = await autocannon({
      url: `${app.baseUrl}/v1/touchpoints`,
      connections: 8,
      duration: o.seconds,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({ touchpoints: Array.from({ length: 500 }, touchpoint) }),
          }),
        },
      ],
    });
    const stored = await countTouchpoints(url);
    // Each phase measures its own load: the batch phase's dirty pages are flushed first, so its
    // checkpoint and autovacuum do not land in the middle of the next one.
    await settleDatabase(url);
    o.log(`ingestion: single touchpoints at a steady 500 req/s (open loop), ${o.seconds}s`);
    const single = await openLoop({
      url: `${app.baseUrl}/v1/touchpoints`,
      headers,
      ratePerSec: 500,
      seconds: o.seconds,
      body: () => JSON.stringify(touchpoint()),
    });
    return {
      batch500_8connections: {
        requests: batch.requests.total,
        non2xx: batch.non2xx,
        errors: batch.errors,
        touchpointsStored: stored,
        touchpointsPerSec: Math.round((batch['2xx'] * 500) / o.seconds),
        latencyMs: { p50: batch.latency.p50, p99: batch.latency.p99 },
      },
      single_500rps: single,
    };
  } finally {
    await app.stop();
  }
}

async function settleDatabase(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query('VACUUM (ANALYZE) es_events');
  await c.query('CHECKPOINT');
  await c.end();
}

async function countTouchpoints(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(
    `SELECT count(*)::int AS n FROM es_events WHERE type = 'TouchpointRecorded'`,
  );
  await c.end();
  return rows[0].n;
}
