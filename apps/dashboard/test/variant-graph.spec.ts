import { END, START } from '../src/map/flow-graph';
import { variantGraph } from '../src/map/variant-graph';

describe('variantGraph: the directly-follows graph of chosen variants', () => {
  it('given two variants, then each adds its count to Start, its pairs and End', () => {
    const g = variantGraph([
      { steps: ['a', 'b', 'a', 'b'], count: 5 },
      { steps: ['a', 'c'], count: 2 },
    ]);
    const edges = g.edges.map((e) => [e.from, e.to, e.count, e.instances]).sort();
    expect(edges).toEqual(
      [
        [START, 'a', 7, 7],
        ['a', 'b', 10, 5],
        ['b', 'a', 5, 5],
        ['b', END, 5, 5],
        ['a', 'c', 2, 2],
        ['c', END, 2, 2],
      ].sort(),
    );
    expect(g.nodes.sort((x, y) => (x.step < y.step ? -1 : 1))).toEqual([
      { step: 'a', count: 12 },
      { step: 'b', count: 10 },
      { step: 'c', count: 2 },
    ]);
    expect(g.edges.every((e) => e.medianMs === null)).toBe(true);
  });

  it('given a variant without steps or count, then it adds nothing odd', () => {
    const g = variantGraph([
      { steps: [], count: 3 },
      { steps: ['x'], count: 0 },
    ]);
    expect(g.edges.map((e) => [e.from, e.to, e.count])).toEqual([[START, END, 3]]);
    expect(g.nodes).toEqual([]);
  });
});
