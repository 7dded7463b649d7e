import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's one registry: the API and the projector each serve it (when a test runs both in
 * one process, they share it). Every metric of the engine is named `journey_*`.
 */
export const registry = new Registry();

/** Prefix of every metric name, the process defaults included. */
export const METRIC_PREFIX = 'journey_';

let defaults = false;

/** Node's process metrics (CPU, memory, event loop, GC), once per process. */
export function collectProcessMetrics(): void {
  if (defaults) return;
  defaults = true;
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
}

/** Every metric name registered so far (specs, asset checks). */
export function registeredMetricNames(): string[] {
  return registry.getMetricsAsArray().map((m) => m.name);
}
