import fc from 'fast-check';
import type { MapEdge } from '../src/api/types';
import { END, START } from '../src/map/flow-graph';
import { defaultSliders, GraphInput, simplify } from '../src/map/simplify';
import { edge } from './map-graphs';

const keyOf = (e: { from: string; to: string }) => `${e.from}>${e.to}`;

/** Steps reachable from `root` (into it when `reverse`) over the edges. */
function reach(edges: readonly { from: string; to: string }[], root: string, reverse = false) {
  const seen = new Set([root]);
  for (const queue = [root]; queue.length > 0;) {
    const u = queue.pop()!;
    for (const e of edges) {
      const [a, b] = reverse ? [e.to, e.from] : [e.from, e.to];
      if (a === u && !seen.has(b)) {
        seen.add(b);
        queue.push(b);
      }
    }
  }
  return seen;
}

/** Random journeys' maps: up to 10 steps, any edges (loops too), counts 1..60. */
const graphs = fc
  .tuple(
    fc.integer({ min: 1, max: 10 }),
    fc.array(fc.tuple(fc.nat(11), fc.nat(11), fc.integer({ min: 1, max: 60 })), {
      minLength: 1,
      maxLength: 40,
    }),
  )
  .map(([n, raw]): GraphInput => {
    const name = (i: number) => (i === 0 ? START : i > n ? END : `s${i}`);
    const edges = new Map<string, MapEdge>();
    for (const [a, b, c] of raw) {
      const from = name(Math.min(a, n));
      const to = name(Math.max(1, b));
      edges.set(`${from}>${to}`, edge(from, to, c));
    }
    return { nodes: [], edges: [...edges.values()] };
  });
const pct = fc.integer({ min: 0, max: 100 });

describe('simplify: the sliders of the process map', () => {
  it('given 100% and 100%, then the graph is the full one, with the API counts', () => {
    fc.assert(
      fc.property(graphs, (g) => {
        const r = simplify(g, 100, 100);
        expect(r.edges.map((e) => [keyOf(e), e.count, e.via]).sort()).toEqual(
          g.edges.map((e) => [keyOf(e), e.count, 0]).sort(),
        );
      }),
    );
  });

  it('given any sliders, then a kept step reachable from Start (reaching End) in the full graph stays so', () => {
    fc.assert(
      fc.property(graphs, pct, pct, (g, acts, paths) => {
        const r = simplify(g, acts, paths);
        const [fromStart, toEnd] = [reach(g.edges, START), reach(g.edges, END, true)];
        const [shownFrom, shownTo] = [reach(r.edges, START), reach(r.edges, END, true)];
        for (const step of r.steps) {
          if (fromStart.has(step)) expect(shownFrom.has(step)).toBe(true);
          if (toEnd.has(step)) expect(shownTo.has(step)).toBe(true);
        }
      }),
    );
  });

  it('given a fixed activities value, then more paths draws a superset of the edges', () => {
    fc.assert(
      fc.property(graphs, pct, pct, pct, (g, acts, p1, p2) => {
        const [lo, hi] = [Math.min(p1, p2), Math.max(p1, p2)];
        const small = simplify(g, acts, lo).edges.map(keyOf);
        const big = new Set(simplify(g, acts, hi).edges.map(keyOf));
        expect(small.filter((k) => !big.has(k))).toEqual([]);
      }),
    );
  });

  it('given any paths value, then more activities keeps a superset of the steps', () => {
    fc.assert(
      fc.property(graphs, pct, pct, pct, (g, a1, a2, paths) => {
        const [lo, hi] = [Math.min(a1, a2), Math.max(a1, a2)];
        const big = new Set(simplify(g, hi, paths).steps);
        expect(simplify(g, lo, paths).steps.filter((s) => !big.has(s))).toEqual([]);
      }),
    );
  });

  it('given a hidden step X between A and B, then A -> B is estimated as c(A,X) x c(X,B) / out(X)', () => {
    const g: GraphInput = {
      nodes: [
        { step: 'A', count: 100 },
        { step: 'B', count: 90 },
        { step: 'C', count: 80 },
        { step: 'X', count: 10 },
      ],
      edges: [
        edge(START, 'A', 100),
        edge('A', 'X', 10),
        edge('X', 'X', 7), // a repeat at the hidden step: ignored by the split
        edge('X', 'B', 6),
        edge('X', 'C', 4),
        edge('A', 'B', 90),
        edge('B', END, 96),
        edge('C', END, 4),
      ],
    };
    const r = simplify(g, 75, 100);
    expect(r.steps).toEqual([START, 'A', 'B', 'C', END]);
    const byKey = new Map(r.edges.map((e) => [keyOf(e), e]));
    expect(byKey.get('A>B')).toMatchObject({ count: 90, via: 6, weight: 96 });
    expect(byKey.get('A>C')).toMatchObject({ count: 0, via: 4, edge: null });
    expect(r.edges.some((e) => e.from === 'X' || e.to === 'X')).toBe(false);
  });

  it('given a chain of hidden steps with a loop between them, then the flow still reaches the kept step', () => {
    const g: GraphInput = {
      nodes: [],
      edges: [
        edge(START, 'A', 10),
        edge('A', 'X', 10),
        edge('X', 'Y', 10),
        edge('Y', 'X', 5),
        edge('Y', END, 5),
      ],
    };
    // A is the most frequent; X (15 in) and Y (10 in) are hidden at 1 of 3 steps.
    const r = simplify(g, 34, 100);
    expect(r.steps).toEqual([START, 'X', END]);
    const r2 = simplify(g, 0, 0);
    expect(r2.edges.map((e) => [keyOf(e), Math.round(e.via)])).toEqual([[`${START}>${END}`, 10]]);
  });

  it('given 36 steps and 188 transitions, then the defaults draw 18 steps and about 40 transitions', () => {
    const edges: MapEdge[] = [edge(START, 's0', 100), edge('s35', END, 100)];
    for (let i = 0; i < 36 && edges.length < 188; i++)
      for (const d of [1, 2, 3, 0, -1, -2])
        if (i + d >= 0 && i + d < 36 && edges.length < 188)
          edges.push(edge(`s${i}`, `s${i + d}`, 1 + ((i * 7 + d * 13) % 50)));
    const g = { nodes: [], edges };
    expect(edges.length).toBe(188);
    const { acts, paths } = defaultSliders(g);
    const r = simplify(g, acts, paths);
    expect(r.steps.length - 2).toBe(18);
    expect(r.edges.length).toBeGreaterThanOrEqual(30);
    expect(r.edges.length).toBeLessThanOrEqual(45);
    expect([r.totalSteps, r.totalEdges]).toEqual([36, 188]);
  });
});
