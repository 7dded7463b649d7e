import { characterProblems } from './characters';
import { depthProblem, MAX_JSON_DEPTH } from './json-depth';

/** An array nested `levels` deep around `inner`. */
const arrays = (levels: number, inner: unknown = 1): unknown => {
  let v = inner;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};
const objects = (levels: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe('depthProblem: bodies nested beyond MAX_JSON_DEPTH', () => {
  it('lets a body of exactly the limit through', () => {
    expect(depthProblem(arrays(MAX_JSON_DEPTH))).toBeNull();
    expect(depthProblem(objects(MAX_JSON_DEPTH))).toBeNull();
    expect(depthProblem('plain')).toBeNull();
  });

  it('names the first level past the limit, as a field path with the rule "depth"', () => {
    const body = { touchpoints: [{ id: arrays(MAX_JSON_DEPTH) }] };
    const problem = depthProblem(body);
    // touchpoints (2), touchpoints.0 (3), id (4): level 33 is 29 zeros below id.
    expect(problem).toMatchObject({
      index: null,
      rule: 'depth',
      field: `touchpoints.0.id${'.0'.repeat(MAX_JSON_DEPTH - 3)}`,
    });
  });

  it('walks 10,000 levels of arrays, objects and both without overflowing the stack', () => {
    expect(depthProblem(arrays(10_000))?.rule).toBe('depth');
    expect(depthProblem(objects(10_000))?.field).toBe(Array(MAX_JSON_DEPTH).fill('a').join('.'));
    expect(depthProblem({ attributes: { k: objects(10_000) } })?.field).toMatch(
      /^attributes\.k(\.a)+$/,
    );
  });
});

describe('characterProblems walks iteratively', () => {
  it('reports as a recursive walk would, keys before their values, in order', () => {
    const problems = characterProblems({ 'k\u0000': ['ok', 'b\u0000'], z: 'enc:v1:x' }, 3);
    expect(problems.map((p) => [p.index, p.field, p.rule])).toEqual([
      [3, 'k\u0000', 'charset'],
      [3, 'k\u0000.1', 'charset'],
      [3, 'z', 'reserved'],
    ]);
  });

  it('survives 10,000 nested levels', () => {
    expect(characterProblems(arrays(10_000, 'a\u0000'), null)).toHaveLength(1);
  });
});
