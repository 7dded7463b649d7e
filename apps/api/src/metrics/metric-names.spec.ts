import { allMetrics } from '../../test/metric-catalogue';

const DEFAULTS = /^journey_(process|nodejs)_/;

/** Histograms of sizes, not of time: named by their unit. */
const SIZE_HISTOGRAMS = new Set(['journey_projection_batch_events']);

/** Labels that would carry a customer, a raw path or another unbounded value. */
const FORBIDDEN_LABELS =
  /^(customer|customer_id|customerid|anonymous_id|path|url|id|touchpoint_id|key|key_id)$/i;

describe('metric names', () => {
  it('covers the engine: HTTP, ingestion, store, projection, frictions, webhooks, pools, process', async () => {
    const names = (await allMetrics()).map((m) => m.name);
    for (const expected of [
      'journey_http_request_duration_seconds',
      'journey_ingest_touchpoints_total',
      'journey_ingest_touchpoints_rejected_total',
      'journey_store_append_duration_seconds',
      'journey_store_append_conflicts_total',
      'journey_store_append_retries_total',
      'journey_projection_events_processed_total',
      'journey_projection_lag_seconds',
      'journey_projection_lag_events',
      'journey_projection_checkpoint_lag_events',
      'journey_projection_checkpoint_lag_seconds',
      'journey_projection_batch_duration_seconds',
      'journey_projection_rebuild_progress_ratio',
      'journey_friction_occurrences_total',
      'journey_webhook_delivery_attempts_total',
      'journey_friction_stream_clients',
      'journey_pg_pool_connections',
      'journey_pg_pool_idle_connections',
      'journey_pg_pool_waiting_clients',
      'journey_process_cpu_seconds_total',
    ])
      expect(names).toContain(expected);
  });

  it('names every metric journey_*, in snake case', async () => {
    for (const { name } of await allMetrics()) {
      expect(name).toMatch(/^journey_[a-z_]+/);
      expect(name).toMatch(/^[a-z][a-z0-9_]*[a-z0-9]$/);
    }
  });

  it('ends counters, and only counters, in _total', async () => {
    for (const { name, type } of await allMetrics()) {
      if (type === 'counter') expect(name).toMatch(/_total$/);
      // prom-client's own defaults keep the names every Node.js exporter uses (one gauge there,
      // nodejs_active_resources_total, ends in _total).
      else if (!DEFAULTS.test(name)) expect(`${name} (${type})`).not.toMatch(/_total \(/);
    }
  });

  it('measures durations in seconds: every histogram of time, and every duration, ends in _seconds', async () => {
    for (const { name, type } of await allMetrics()) {
      if (type === 'histogram' && !SIZE_HISTOGRAMS.has(name)) expect(name).toMatch(/_seconds$/);
      if (/duration|latency|_lag_seconds|_time/.test(name) && !/_bytes$/.test(name))
        expect(name).toMatch(/_seconds(_total)?$/);
    }
  });

  it('uses only bounded labels: no customer ids, raw paths or keys', async () => {
    for (const { name, labels } of await allMetrics())
      for (const label of labels) expect(`${name}{${label}}`).not.toMatch(FORBIDDEN_LABELS);
    const http = (await allMetrics()).find(
      (m) => m.name === 'journey_http_request_duration_seconds',
    );
    expect(http?.labels).toEqual(['method', 'route', 'status']);
  });
});
