// The directly-follows graph of chosen variants (pure): what the map draws when filtered to them.
import type { MapEdge } from '../api/types';
import { END, START } from './flow-graph';

export interface VariantLike {
  steps: readonly string[];
  count: number;
}

/**
 * Each variant contributes its count to Start -> first step, to each consecutive pair and to
 * last step -> End (variants are closed instances, so each has an end); a step's count is its
 * occurrences. Durations are not known per variant edge: medians stay null.
 */
export function variantGraph(variants: readonly VariantLike[]): {
  nodes: { step: string; count: number }[];
  edges: MapEdge[];
} {
  const edges = new Map<string, MapEdge>();
  const nodes = new Map<string, number>();
  for (const v of variants) {
    if (!(v.count > 0)) continue;
    const path = [START, ...v.steps, END];
    for (const step of v.steps) nodes.set(step, (nodes.get(step) ?? 0) + v.count);
    const pairs = new Set<string>();
    for (let i = 1; i < path.length; i++) {
      const k = `${path[i - 1]}\u0001${path[i]}`;
      const e = edges.get(k) ?? {
        from: path[i - 1],
        to: path[i],
        count: 0,
        instances: 0,
        medianMs: null,
        p90Ms: null,
        simultaneous: 0,
      };
      e.count += v.count;
      // Instances through the edge: each instance of the variant once, however often it repeats.
      if (!pairs.has(k)) e.instances += v.count;
      pairs.add(k);
      edges.set(k, e);
    }
  }
  return {
    nodes: [...nodes].map(([step, count]) => ({ step, count })),
    edges: [...edges.values()],
  };
}
