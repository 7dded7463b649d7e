import type { MapEdge } from '../src/api/types';

/** A journey map's transition `from` -> `to`, taken `count` times, once per instance, no timings. */
export const edge = (from: string, to: string, count = 1): MapEdge => ({
  from,
  to,
  count,
  instances: count,
  medianMs: null,
  p90Ms: null,
});
