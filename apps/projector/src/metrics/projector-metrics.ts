import { Counter, Gauge, Histogram } from 'prom-client';
import { registry } from '@journey/metrics';

const PROJECTION_LABELS = ['projection', 'partition'] as const;

export const eventsProcessed = new Counter({
  name: 'journey_projection_events_processed_total',
  help: 'Events applied and committed by a projection partition of this process (events/s: rate())',
  labelNames: PROJECTION_LABELS,
  registers: [registry],
});

export const batchEvents = new Histogram({
  name: 'journey_projection_batch_events',
  help: 'Events per committed projection batch',
  labelNames: ['projection'] as const,
  buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
  registers: [registry],
});

export const batchDuration = new Histogram({
  name: 'journey_projection_batch_duration_seconds',
  help: 'Time to apply and commit one projection batch',
  labelNames: ['projection'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const frictionOccurrences = new Counter({
  name: 'journey_friction_occurrences_total',
  help: 'New friction occurrences the live projection announced, by friction type',
  labelNames: ['type'] as const,
  registers: [registry],
});

export const webhookAttempts = new Counter({
  name: 'journey_webhook_delivery_attempts_total',
  help: 'Webhook delivery attempts by outcome: delivered, retry (failed, tried again later) or failed (given up)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const rebuildProgress = new Gauge({
  name: 'journey_projection_rebuild_progress_ratio',
  help: 'Share of the events a running rebuild has folded (0 to 1; 1 once done)',
  labelNames: ['projection'] as const,
  registers: [registry],
});

/** Records a committed batch: a few label look-ups per batch, none per event. */
export function recordBatch(
  projection: string,
  partition: number,
  events: number,
  seconds: number,
): void {
  eventsProcessed.inc({ projection, partition: String(partition) }, events);
  batchEvents.observe({ projection }, events);
  batchDuration.observe({ projection }, seconds);
}

/** Counts announced occurrences by type, once per type per call. */
export function countFrictions(occurrences: readonly { type: string }[]): void {
  if (occurrences.length === 0) return;
  const byType = new Map<string, number>();
  for (const o of occurrences) byType.set(o.type, (byType.get(o.type) ?? 0) + 1);
  for (const [type, n] of byType) frictionOccurrences.inc({ type }, n);
}
