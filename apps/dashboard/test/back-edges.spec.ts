import type { MapEdge } from '../src/api/types';
import { movesBack } from '../src/map/flow-graph';

const edge = (count: number, simultaneous?: number): MapEdge => ({
  from: 'b',
  to: 'a',
  count,
  instances: count,
  medianMs: null,
  p90Ms: null,
  simultaneous,
});

describe('movesBack: moves at the same instant are not moves back', () => {
  it('given an edge without the field (an older server), then every move counts', () => {
    expect(movesBack(edge(7))).toBe(7);
  });

  it('given some or all moves at the same instant, then only the others count, never below 0', () => {
    expect(movesBack(edge(7, 3))).toBe(4);
    expect(movesBack(edge(7, 7))).toBe(0);
    expect(movesBack(edge(7, 9))).toBe(0);
    expect(movesBack(edge(7, -1))).toBe(7);
  });
});
