import { Counter, Histogram } from 'prom-client';
import { registry } from './registry';

/** Appends of one stream (`append_one`) and of many at once (`append_many`). */
export const appendDuration = new Histogram({
  name: 'journey_store_append_duration_seconds',
  help: 'Time of one append call to the event store, by operation',
  labelNames: ['operation'] as const,
  // Appends of up to 1,000 events take milliseconds to a few hundred (BENCHMARKS.md).
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const appendConflicts = new Counter({
  name: 'journey_store_append_conflicts_total',
  help: 'Streams whose append met a wrong expected revision (another writer moved the stream)',
  registers: [registry],
});

export const appendRetries = new Counter({
  name: 'journey_store_append_retries_total',
  help: 'Streams whose append was tried again after a conflict (ingestion re-reads the head first)',
  registers: [registry],
});

// Children bound once: the hot path observes without building label objects.
export const appendOneDuration = appendDuration.labels('append_one');
export const appendManyDuration = appendDuration.labels('append_many');
