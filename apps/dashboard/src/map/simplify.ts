// Simplification of a directly-follows graph by two sliders, as process-mining tools do (pure).
import type { MapEdge } from '../api/types';
import { END, START } from './flow-graph';

/** An edge as drawn: direct moves, plus moves estimated through steps the activities slider hid. */
export interface ShownEdge {
  from: string;
  to: string;
  /** Moves recorded between the two steps (0 for an edge that only exists via hidden steps). */
  count: number;
  /** Moves estimated through hidden steps (0 when none are hidden on the way). */
  via: number;
  /** count + via: what orders and widens the edge. */
  weight: number;
  /** The API's edge, for its durations, when there is a direct one. */
  edge: MapEdge | null;
}

export interface Simplified {
  /** Kept steps (Start and End included when the graph has them), most frequent first. */
  steps: string[];
  edges: ShownEdge[];
  /** Steps of the full graph, Start and End not counted. */
  totalSteps: number;
  /** Transitions of the full graph. */
  totalEdges: number;
}

export interface GraphInput {
  nodes: readonly { step: string; count: number }[];
  edges: readonly MapEdge[];
}

const key = (from: string, to: string) => `${from}\u0001${to}`;
const marker = (step: string) => step === START || step === END;

/** The steps of a graph (without Start and End), most frequent first, ties by name. */
export function rankedSteps(g: GraphInput): string[] {
  const freq = new Map<string, number>();
  for (const e of g.edges) if (!marker(e.to)) freq.set(e.to, (freq.get(e.to) ?? 0) + e.count);
  for (const e of g.edges) if (!marker(e.from) && !freq.has(e.from)) freq.set(e.from, 0);
  for (const n of g.nodes) if (!marker(n.step)) freq.set(n.step, n.count);
  return [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([s]) => s);
}

/**
 * The graph as drawn with `acts`% of the steps and `paths`% of the transitions (0..100 each).
 *
 * Activities: the round(acts% x M) most frequent steps are kept, Start and End always. A hidden
 * step is contracted: what enters it leaves along its outgoing moves in proportion to their counts
 * (its repeats ignored), through further hidden steps if need be, until it reaches a kept step; so
 * A -> X -> B gives an edge A -> B estimated at c(A,X) x c(X,B) / out(X). An estimated edge exists
 * exactly when a path through hidden steps exists, so reachability among kept steps is unchanged.
 *
 * Paths: mandatory edges are the widest-path tree (largest bottleneck weight) from Start and the
 * one into End (on the reversed graph); then the others by weight, heaviest first, until
 * ceil(paths% x candidates) edges are drawn. Guarantees (tested): every kept step reachable from
 * Start (reaching End) in the full graph is so in the result; for a fixed `acts`, more `paths`
 * gives a superset of edges; more `acts` gives a superset of steps; 100/100 is the full graph.
 */
export function simplify(g: GraphInput, acts: number, paths: number): Simplified {
  const ranked = rankedSteps(g);
  const k = Math.round((clampPct(acts) / 100) * ranked.length);
  const kept = new Set([START, END, ...ranked.slice(0, k)]);
  const candidates = contract(g.edges, kept);
  const mandatory = new Set([
    ...widestTree(candidates, START, false),
    ...widestTree(candidates, END, true),
  ]);
  const target = Math.ceil((clampPct(paths) / 100) * candidates.length);
  const shown = candidates.filter((e) => mandatory.has(e));
  for (const e of candidates) {
    if (shown.length >= target) break;
    if (!mandatory.has(e)) shown.push(e);
  }
  const present = new Set(g.edges.flatMap((e) => [e.from, e.to]));
  const steps = [START, ...ranked.slice(0, k), END].filter((s) => !marker(s) || present.has(s));
  return { steps, edges: shown, totalSteps: ranked.length, totalEdges: g.edges.length };
}

/** Slider defaults that stay readable: about 18 steps and 40 transitions (all when fewer). */
export function defaultSliders(g: GraphInput): { acts: number; paths: number } {
  const steps = rankedSteps(g).length;
  const acts = steps <= 18 ? 100 : Math.round((18 / steps) * 100);
  const candidates = simplify(g, acts, 100).edges.length;
  const paths = candidates <= 40 ? 100 : Math.floor((40 / candidates) * 100);
  return { acts, paths };
}

const clampPct = (x: number) => (Number.isFinite(x) ? Math.min(100, Math.max(0, x)) : 100);

/** Edges among kept steps, direct and through hidden ones; heaviest first, ties by key. */
function contract(edges: readonly MapEdge[], kept: ReadonlySet<string>): ShownEdge[] {
  const out = new Map<string, MapEdge[]>();
  for (const e of edges) (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
  const result = new Map<string, ShownEdge>();
  const add = (from: string, to: string, count: number, via: number, edge: MapEdge | null) => {
    const k = key(from, to);
    const cur = result.get(k) ?? { from, to, count: 0, via: 0, weight: 0, edge: null };
    cur.count += count;
    cur.via += via;
    cur.weight = cur.count + cur.via;
    cur.edge ??= edge;
    result.set(k, cur);
  };
  const absorbed = new Map<string, Map<string, number>>();
  for (const e of edges) {
    if (!kept.has(e.from)) continue;
    if (kept.has(e.to)) {
      add(e.from, e.to, e.count, 0, e);
      continue;
    }
    if (!absorbed.has(e.to)) absorbed.set(e.to, absorb(e.to, out, kept));
    for (const [to, p] of absorbed.get(e.to)!) add(e.from, to, 0, e.count * p, null);
  }
  return [...result.values()].sort(
    (a, b) => b.weight - a.weight || (key(a.from, a.to) < key(b.from, b.to) ? -1 : 1),
  );
}

/**
 * Where one unit of flow entering hidden step `x` ends up among kept steps (a Markov chain over
 * hidden steps, absorbed by kept ones). Every kept step reachable through hidden steps gets an
 * entry, even if its share underflows, so edges exist exactly when a path does.
 */
function absorb(
  x: string,
  out: ReadonlyMap<string, MapEdge[]>,
  kept: ReadonlySet<string>,
): Map<string, number> {
  const result = new Map<string, number>();
  const leaving = (step: string) => (out.get(step) ?? []).filter((e) => e.to !== step);
  const seen = new Set([x]);
  for (const queue = [x]; queue.length > 0;) {
    for (const e of leaving(queue.pop()!)) {
      if (kept.has(e.to)) result.set(e.to, 0);
      else if (!seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  let mass = new Map([[x, 1]]);
  for (let round = 0; round < 10_000 && mass.size > 0; round++) {
    const next = new Map<string, number>();
    let left = 0;
    for (const [step, m] of mass) {
      const list = leaving(step);
      const total = list.reduce((t, e) => t + e.count, 0);
      for (const e of list) {
        const share = total > 0 ? (m * e.count) / total : 0;
        if (kept.has(e.to)) result.set(e.to, result.get(e.to)! + share);
        else if (share > 0) next.set(e.to, (next.get(e.to) ?? 0) + share);
      }
    }
    for (const m of next.values()) left += m;
    mass = left > 1e-12 ? next : new Map();
  }
  return result;
}

/**
 * The widest-path tree from `root` (into it when `reverse`): each reachable step joins through
 * the edge that maximises the smallest weight on its path from the root (a Prim-like search).
 */
function widestTree(edges: readonly ShownEdge[], root: string, reverse: boolean): ShownEdge[] {
  const adj = new Map<string, ShownEdge[]>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    const a = reverse ? e.to : e.from;
    (adj.get(a) ?? adj.set(a, []).get(a)!).push(e);
  }
  if (!adj.has(root)) return [];
  const best = new Map<string, number>([[root, Infinity]]);
  const via = new Map<string, ShownEdge>();
  const done = new Set<string>();
  for (;;) {
    let u: string | null = null;
    for (const [step, w] of best)
      if (!done.has(step) && (u === null || w > best.get(u)! || (w === best.get(u)! && step < u)))
        u = step;
    if (u === null) break;
    done.add(u);
    for (const e of adj.get(u) ?? []) {
      const v = reverse ? e.from : e.to;
      const w = Math.min(best.get(u)!, e.weight);
      if (!done.has(v) && w > (best.get(v) ?? -1)) {
        best.set(v, w);
        via.set(v, e);
      }
    }
  }
  return [...via.values()];
}
