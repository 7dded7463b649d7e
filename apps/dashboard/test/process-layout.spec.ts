import type { MapEdge } from '../src/api/types';
import { END, START } from '../src/map/flow-graph';
import { layoutProcessMap } from '../src/map/process-layout';
import { simplify } from '../src/map/simplify';
import { edge } from './map-graphs';

describe('layoutProcessMap: dagre, left to right, loops drawn as loops', () => {
  it('given 36 steps with long loops, then every route stays inside the extent the map is fitted to', () => {
    const edges: MapEdge[] = [edge(START, 's0', 50), edge('s35', END, 50)];
    for (let i = 0; i < 36; i++)
      for (const d of [1, 2, 3, 0, -1, -3, -9])
        if (i + d >= 0 && i + d < 36) edges.push(edge(`s${i}`, `s${i + d}`, 1 + ((i * 7) % 13)));
    const s = simplify({ nodes: [], edges }, 100, 100);
    const l = layoutProcessMap(s.steps, s.edges, () => 64);
    const outside = l.edges.flatMap((e) =>
      e.points.filter((p) => p.x < 0 || p.y < 0 || p.x > l.width || p.y > l.height),
    );
    expect(outside).toEqual([]);
  });

  it('given a loop and a repeat, then Start is leftmost, End rightmost, the loop goes back and the repeat sits on its node', () => {
    const g = {
      nodes: [],
      edges: [
        edge(START, 'a', 10),
        edge('a', 'b', 12),
        edge('b', 'a', 2),
        edge('b', 'b', 3),
        edge('b', END, 10),
      ],
    };
    const s = simplify(g, 100, 100);
    const l = layoutProcessMap(s.steps, s.edges, () => 80);
    const x = new Map(l.nodes.map((n) => [n.step, n.x]));
    expect(x.get(START)!).toBeLessThan(x.get('a')!);
    expect(x.get('a')!).toBeLessThan(x.get('b')!);
    expect(x.get('b')!).toBeLessThan(x.get(END)!);
    const of = (from: string, to: string) =>
      l.edges.find((e) => e.edge.from === from && e.edge.to === to)!;
    expect(of('b', 'a')).toMatchObject({ back: true, self: false });
    expect(of('a', 'b')).toMatchObject({ back: false, self: false });
    expect(of('b', 'b').self).toBe(true);
    // Every node and every edge point lies inside the layout's extent.
    for (const n of l.nodes) {
      expect(n.x - n.width / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width / 2).toBeLessThanOrEqual(l.width);
    }
    for (const e of l.edges) for (const p of e.points) expect(p.y).toBeGreaterThanOrEqual(0);
  });
});
