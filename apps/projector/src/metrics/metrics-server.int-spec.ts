import { customerStream, serialize } from '@journey/events';
import { loadEnvironment } from '@journey/event-store';
import { createTestDatabase, TestDatabase } from '../../../../test/test-database';
import { touchpointData } from '../../test/touchpoint-data';
import { Projector, startProjector } from '../projector';
import { ProjectorEnvironment } from '../projector-config';

const metadata = {
  correlationId: 'c',
  causationId: 'c',
  requestId: 'r',
  source: 'test',
  apiKeyId: null,
};

async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

function processed(text: string): number {
  const m =
    /^journey_projection_events_processed_total\{projection="journeys",partition="0"\} (\d+)$/m.exec(
      text,
    );
  return m ? Number(m[1]) : 0;
}

describe('projector GET /metrics (METRICS_PORT)', () => {
  let db: TestDatabase;
  let projector: Projector;

  beforeAll(async () => {
    db = await createTestDatabase(4);
    const env = loadEnvironment(ProjectorEnvironment, {
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      METRICS_PORT: '0',
    });
    projector = await startProjector(env, db.url, { maxBatch: 500, maxWaitMs: 5 });
  });
  afterAll(async () => {
    await projector?.stop();
    await db?.drop();
  });

  it('listens on 127.0.0.1 by default and serves nothing but /metrics and /health', async () => {
    expect(projector.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const other = await fetch(`${projector.metricsUrl}/v1/anything`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: 'NOT_FOUND' });
    const health = await fetch(`${projector.metricsUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('shows the events processed, batches and a caught-up lag after projecting', async () => {
    const url = projector.metricsUrl!;
    const before = processed(await scrape(url));
    const events = [1, 2, 3].map((n) =>
      serialize(
        `00000000-0000-4000-8000-00000000000${n}`,
        {
          type: 'TouchpointRecorded',
          data: touchpointData({
            touchpointId: `t${n}`,
            customerId: 'c-metrics',
            step: `s${n}`,
            occurredAt: `2026-05-01T10:0${n}:00Z`,
          }),
        },
        metadata,
      ),
    );
    await projector.store.appendToStream(customerStream('c-metrics'), events);
    let text = await scrape(url);
    for (let i = 0; i < 300 && processed(text) < before + 3; i++) {
      await new Promise((r) => setTimeout(r, 20));
      text = await scrape(url);
    }
    expect(processed(text) - before).toBe(3);
    expect(text).toMatch(/^journey_projection_batch_events_count\{projection="journeys"\} [1-3]$/m);
    expect(text).toMatch(
      /^journey_store_append_duration_seconds_count\{operation="append_one"\} 1$/m,
    );
    expect(text).toMatch(/^journey_pg_pool_connections\{pool="projector"\} [1-9]\d*$/m);
    // Caught up: nothing after the checkpoint (a scrape's lag sample is reused for 1 s).
    const lagZero = /^journey_projection_lag_events\{projection="journeys",partition="0"\} 0$/m;
    for (let i = 0; i < 100 && !lagZero.test(text); i++) {
      await new Promise((r) => setTimeout(r, 50));
      text = await scrape(url);
    }
    expect(text).toMatch(lagZero);
    expect(text).toMatch(
      /^journey_projection_lag_seconds\{projection="journeys",partition="0"\} 0$/m,
    );
  });
});
