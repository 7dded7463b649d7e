import type { MapEdge, MapNode } from '../src/api/types';
import { END, flowGraph, START } from '../src/map/flow-graph';
import { edge } from './map-graphs';

const node = (step: string, count = 1): MapNode => ({
  step,
  stage: null,
  count,
  customers: count,
  failures: 0,
  channels: {},
});
const keys = (edges: MapEdge[]) => edges.map((e) => `${e.from}>${e.to}`).sort();

describe('flowGraph: a drawable DAG and the moves that close loops', () => {
  it('given A -> B -> A -> B with repeats, then B -> A and A -> A are set aside and the rest is drawn', () => {
    const edges = [
      edge(START, 'A', 5),
      edge('A', 'B', 7),
      edge('B', 'A', 2),
      edge('A', 'A', 1),
      edge('B', END, 5),
    ];
    const g = flowGraph([node('A', 8), node('B', 7)], edges, null);
    expect(g.order).toEqual([START, 'A', 'B', END]);
    expect(keys(g.forward)).toEqual([`${START}>A`, 'A>B', `B>${END}`].sort());
    expect(keys(g.back)).toEqual(['A>A', 'B>A']);
  });

  it('given a definition, then its order wins over the flow: going back to an earlier stage is a back edge', () => {
    const def = {
      stages: [
        { name: 's1', steps: ['details'] },
        { name: 's2', steps: ['check'] },
      ],
      goalSteps: ['check'],
    };
    // More customers go check -> details than details -> check: the definition still orders them.
    const edges = [
      edge(START, 'check', 9),
      edge('check', 'details', 9),
      edge('details', 'check', 3),
    ];
    const g = flowGraph([node('details'), node('check')], edges, def);
    expect(g.order).toEqual([START, 'details', 'check']);
    expect(keys(g.back)).toEqual(['check>details']);
  });

  it('places a step the definition does not list right after the step that leads to it', () => {
    const def = { stages: [{ name: 's', steps: ['a', 'c'] }], goalSteps: ['c'] };
    const edges = [edge(START, 'a'), edge('a', 'x'), edge('x', 'c'), edge('c', END)];
    const g = flowGraph([node('a'), node('x'), node('c')], edges, def);
    expect(g.order).toEqual([START, 'a', 'x', 'c', END]);
    expect(g.back).toEqual([]);
  });

  it('splits every edge exactly once, and what it draws never has a cycle (random graphs)', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round++) {
      const steps = Array.from({ length: 2 + Math.floor(rnd() * 8) }, (_, i) => `s${i}`);
      const all = [START, ...steps, END];
      const edges: MapEdge[] = [];
      for (let i = 0; i < 3 + rnd() * 20; i++) {
        const from = all[Math.floor(rnd() * (all.length - 1))];
        const to = all[1 + Math.floor(rnd() * (all.length - 1))];
        if (!edges.some((e) => e.from === from && e.to === to))
          edges.push(edge(from, to, 1 + Math.floor(rnd() * 9)));
      }
      const g = flowGraph(
        steps.map((s) => node(s)),
        edges,
        null,
      );
      expect(keys([...g.forward, ...g.back])).toEqual(keys(edges));
      const rank = new Map(g.order.map((s, i) => [s, i]));
      for (const e of g.forward) expect(rank.get(e.to)!).toBeGreaterThan(rank.get(e.from)!);
    }
  });
});
