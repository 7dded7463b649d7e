import { Counter, Gauge, Histogram } from 'prom-client';
import { registry } from '@journey/metrics';

/** Route label of a request no route answered (unknown paths, refusals before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

export const httpDuration = new Histogram({
  name: 'journey_http_request_duration_seconds',
  help: 'HTTP requests by method, route template (never the raw path) and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const ingestedTouchpoints = new Counter({
  name: 'journey_ingest_touchpoints_total',
  help: 'Touchpoints of valid requests by outcome: accepted (stored), duplicate (stored before) or failed (store error)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

// Bound once: a batch adds its counts without building label objects.
export const acceptedTouchpoints = ingestedTouchpoints.labels('accepted');
export const duplicateTouchpoints = ingestedTouchpoints.labels('duplicate');
export const failedTouchpoints = ingestedTouchpoints.labels('failed');

export const rejectedTouchpoints = new Counter({
  name: 'journey_ingest_touchpoints_rejected_total',
  help: 'Touchpoints of refused requests (400, nothing stored), by the rule they broke; one breaking two rules counts under each',
  labelNames: ['rule'] as const,
  registers: [registry],
});

/** Something holding open friction streams (SSE). */
export interface StreamCount {
  readonly openStreams: number;
}

const streamSources = new Set<StreamCount>();

new Gauge({
  name: 'journey_friction_stream_clients',
  help: 'Friction streams (server-sent events) open in this process',
  registers: [registry],
  collect() {
    let open = 0;
    for (const s of streamSources) open += s.openStreams;
    this.set(open);
  },
});

/** Counts the source's open streams in the gauge until the returned function is called. */
export function trackStreams(source: StreamCount): () => void {
  streamSources.add(source);
  return () => void streamSources.delete(source);
}

/**
 * Counts a refused batch's problems by rule: per rule, each item that broke it once (an item's
 * several fields breaking one rule count once); problems of the request itself count one each.
 */
export function countRejections(problems: readonly { index: number | null; rule: string }[]) {
  const seen = new Set<string>();
  for (const p of problems) {
    if (p.index !== null) {
      const key = `${p.index}\u0000${p.rule}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    rejectedTouchpoints.inc({ rule: p.rule });
  }
}
