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

/** The same touchpoint as a Segment track call (mapped back by the source mapping below). */
function segmentTrack() {
  const t = touchpoint();
  return {
    type: 'track',
    event: t.step,
    userId: t.customerId,
    messageId: t.id,
    timestamp: t.occurredAt,
    properties: t.attributes,
    context: { library: { name: 'analytics.js' } },
  };
}

/** One rule per step name, as a service would map its own event names. */
const BENCH_MAPPING = {
  rules: STEPS.map((step) => ({
    match: { kind: 'track', name: step },
    journey: 'onboarding',
    step,
  })),
};

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
    await settleDatabase(url);
    const native100 = await batches(`${app.baseUrl}/v1/touchpoints`, headers, o, () => ({
      touchpoints: Array.from({ length: 100 }, touchpoint),
    }));
    await settleDatabase(url);
    // The bench key ('local-admin', every scope) is the Segment write key: its name is the source.
    const put = await fetch(`${app.baseUrl}/v1/sources/local-admin/mapping`, {
      method: 'PUT',
      headers,
      body: JSON.stringify(BENCH_MAPPING),
    });
    if (!put.ok) throw new Error(`mapping: ${put.status} ${await put.text()}`);
    const before = await countTouchpoints(url);
    const basic = `Basic ${Buffer.from(`${app.apiKey}:`).toString('base64')}`;
    const segment100 = await batches(
      `${app.baseUrl}/v1/segment/batch`,
      { 'content-type': 'application/json', authorization: basic },
      o,
      () => ({ batch: Array.from({ length: 100 }, segmentTrack), sentAt: new Date() }),
    );
    // Mapped and stored, not merely answered (an unmapped event is a 200 as well).
    const segmentStored = (await countTouchpoints(url)) - before;
    const batchRate = Math.round((batch['2xx'] * 500) / o.seconds);
    o.log(
      `ingestion: segment batches of 100: ${segment100.touchpointsPerSec}/s, ` +
        `native batches of 100: ${native100.touchpointsPerSec}/s, of 500: ${batchRate}/s ` +
        `(segment/native100 ${ratio(segment100, native100.touchpointsPerSec)}, ` +
        `segment/native500 ${ratio(segment100, batchRate)})`,
    );
    return {
      native100_8connections: native100,
      segment100_8connections: {
        ...segment100,
        touchpointsStored: segmentStored,
        vsNative100: ratio(segment100, native100.touchpointsPerSec),
        vsNative500: ratio(segment100, batchRate),
      },
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

/** Batches of 100 over 8 connections for the run's duration: touchpoints per second. */
async function batches(
  url: string,
  headers: Record<string, string>,
  o: IngestionBenchOptions,
  body: () => object,
) {
  o.log(
    `ingestion: ${url.replace(/^.*\/v1/, '/v1')} batches of 100 over 8 connections, ${o.seconds}s`,
  );
  const r = await autocannon({
    url,
    connections: 8,
    duration: o.seconds,
    requests: [
      {
        method: 'POST',
        headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify(body()) }),
      },
    ],
  });
  return {
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    touchpointsPerSec: Math.round((r['2xx'] * 100) / o.seconds),
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99 },
  };
}

const ratio = (a: { touchpointsPerSec: number }, b: number) =>
  b > 0 ? Math.round((a.touchpointsPerSec / b) * 100) / 100 : null;

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
