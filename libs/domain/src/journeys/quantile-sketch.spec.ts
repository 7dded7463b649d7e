import { seededRandom } from '../../test/random';
import { QuantileSketch, SKETCH_GAMMA, sketchBucketOf, sketchBucketValue } from './quantile-sketch';

const N = 5000;

/** Distributions of durations (ms), each drawn from its own seeded generator. */
const DISTRIBUTIONS: [string, (r: () => number) => number][] = [
  ['uniform 0..10 min', (r) => Math.floor(r() * 600_000)],
  ['exponential, mean 1 h', (r) => Math.round(-Math.log(1 - r()) * 3_600_000)],
  ['long-tailed Pareto (alpha 1.2)', (r) => Math.round(1000 / Math.pow(1 - r(), 1 / 1.2))],
  ['constant 42 s', () => 42_000],
  ['30% zeros, rest uniform 1..1000 ms', (r) => (r() < 0.3 ? 0 : 1 + Math.floor(r() * 1000))],
  ['60% zeros (median is 0)', (r) => (r() < 0.6 ? 0 : 1 + Math.floor(r() * 1000))],
  ['tiny fractions', (r) => r() * 0.001],
];

function sample(draw: (r: () => number) => number, seed: number, n = N): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => draw(r));
}

/** The exact nearest-rank quantile: the value of rank max(1, ceil(q * n)). */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

describe('QuantileSketch', () => {
  describe.each(DISTRIBUTIONS)('given %s', (_name, draw) => {
    const values = sample(draw, 7);
    const sketch = QuantileSketch.of(values);

    it.each([0, 0.01, 0.5, 0.9, 0.99, 1])(
      'when q = %p is asked, then it is within 2%% of the exact nearest-rank quantile',
      (q) => {
        const exact = exactQuantile(values, q);
        const estimate = sketch.quantile(q) as number;
        if (exact === 0) expect(estimate).toBe(0);
        else expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.02);
      },
    );

    it.each([0, 0.5, 0.9, 1])(
      "when q = %p's upper bound is asked, then it is at least the exact quantile and within one bucket of it",
      (q) => {
        const exact = exactQuantile(values, q);
        const bound = sketch.quantileUpperBound(q) as number;
        expect(bound).toBeGreaterThanOrEqual(exact);
        if (exact === 0) expect(bound).toBe(0);
        else expect(bound / exact).toBeLessThan(SKETCH_GAMMA);
      },
    );

    it('when two halves are sketched and merged, then it equals the sketch of all values', () => {
      const more = sample(draw, 99);
      const merged = QuantileSketch.of(values).merge(QuantileSketch.of(more));
      expect(merged.toJSON()).toEqual(QuantileSketch.of([...values, ...more]).toJSON());
      expect(merged.count).toBe(2 * N);
    });

    it('when serialised halves are merged into a sketch, then it equals the sketch of all values', () => {
      const half = Math.floor(values.length / 2);
      const merged = new QuantileSketch()
        .mergeJSON(QuantileSketch.of(values.slice(0, half)).toJSON())
        .mergeJSON(QuantileSketch.of(values.slice(half)).toJSON());
      expect(merged.toJSON()).toEqual(sketch.toJSON());
      expect(merged.count).toBe(values.length);
    });

    it('when values are added and removed again, then the sketch is as before', () => {
      const copy = QuantileSketch.fromJSON(sketch.toJSON());
      const extra = sample(draw, 1234, 500);
      for (const x of extra) copy.add(x);
      expect(copy.count).toBe(N + 500);
      for (const x of extra) expect(copy.remove(x)).toBe(true);
      expect(copy.toJSON()).toEqual(sketch.toJSON());
      expect(copy.count).toBe(N);
    });
  });

  it('given an empty sketch, when a quantile is asked, then it is null', () => {
    expect(new QuantileSketch().quantile(0.5)).toBeNull();
    expect(new QuantileSketch().quantileUpperBound(0.5)).toBeNull();
    expect(new QuantileSketch().count).toBe(0);
  });

  it.each([-0.1, 1.5, Number.NaN])('refuses quantile %p', (q) => {
    expect(() => QuantileSketch.of([1]).quantile(q)).toThrow(RangeError);
  });

  it.each([Number.NaN, Infinity])('refuses to add %p', (x) => {
    expect(() => new QuantileSketch().add(x)).toThrow(RangeError);
  });

  it('given values, when serialised, then zero and log buckets are listed and empty buckets omitted', () => {
    const sketch = QuantileSketch.of([0, 0, -5, 1, 100, 100]);
    const i100 = sketchBucketOf(100) as number;
    expect(sketch.toJSON()).toEqual({ z: 3, b: { '0': 1, [String(i100)]: 2 } });
    sketch.remove(1);
    expect(sketch.toJSON()).toEqual({ z: 3, b: { [String(i100)]: 2 } });
    expect(JSON.parse(JSON.stringify(sketch))).toEqual(sketch.toJSON());
    expect(QuantileSketch.fromJSON(sketch.toJSON()).toJSON()).toEqual(sketch.toJSON());
  });

  it('given a value the sketch does not hold, when removed, then nothing changes', () => {
    const sketch = QuantileSketch.of([10, 20]);
    expect(sketch.remove(1_000_000)).toBe(false);
    expect(sketch.remove(0)).toBe(false);
    expect(sketch.count).toBe(2);
  });

  it('given a sketch, when another it contains is subtracted, then only the rest remains; else it refuses', () => {
    const all = QuantileSketch.of([0, 5, 50, 500]);
    all.subtract(QuantileSketch.of([0, 50]));
    expect(all.toJSON()).toEqual(QuantileSketch.of([5, 500]).toJSON());
    expect(() => all.subtract(QuantileSketch.of([0]))).toThrow(RangeError);
    expect(all.count).toBe(2);
  });

  it('refuses serialised forms with negative or fractional counts', () => {
    expect(() => QuantileSketch.fromJSON({ z: -1, b: {} })).toThrow(RangeError);
    expect(() => QuantileSketch.fromJSON({ z: 0, b: { '3': 1.5 } })).toThrow(RangeError);
    expect(() => new QuantileSketch().mergeJSON({ z: 0, b: { '3': -2 } })).toThrow(RangeError);
    expect(() => new QuantileSketch().mergeJSON({ z: 0, b: { x: 1 } })).toThrow(RangeError);
  });

  it.each([1, 2, 1000, 123_456.789, 86_400_000])(
    'given %p, its bucket representative is within 1%% of it',
    (x) => {
      const index = sketchBucketOf(x) as number;
      expect(Math.pow(SKETCH_GAMMA, index - 1)).toBeLessThan(x * (1 + 1e-12));
      expect(Math.abs(sketchBucketValue(index) - x) / x).toBeLessThanOrEqual(0.01 + 1e-12);
    },
  );

  it('given values below and above 1 ms (negative and positive buckets), quantileOfUnion of one sketch answers what quantile and quantileUpperBound do', () => {
    const sketch = QuantileSketch.of([0.01, 0.5, 0, 3, 90, 90, 12_000, 4e8]);
    for (const q of [0, 0.1, 0.3, 0.5, 0.9, 1]) {
      expect(QuantileSketch.quantileOfUnion([sketch], q)).toEqual({
        value: sketch.quantile(q),
        upperBound: sketch.quantileUpperBound(q),
        count: 8,
      });
    }
    expect(QuantileSketch.quantileOfUnion([sketch], 0.3)!.value).toBeCloseTo(0.5, 1);
  });

  it.each(DISTRIBUTIONS)(
    'given daily sketches of %s, quantileOfUnion answers what their merged sketch does',
    (_, draw) => {
      const days = [1, 2, 3, 4, 5].map((seed) => QuantileSketch.of(sample(draw, seed, 200)));
      const merged = new QuantileSketch();
      for (const d of days) merged.merge(d);
      for (const q of [0, 0.5, 0.9, 0.99, 1]) {
        expect(QuantileSketch.quantileOfUnion(days, q)).toEqual({
          value: merged.quantile(q),
          upperBound: merged.quantileUpperBound(q),
          count: merged.count,
        });
      }
    },
  );

  it('given no values, quantileOfUnion answers null', () => {
    expect(QuantileSketch.quantileOfUnion([], 0.9)).toBeNull();
    expect(QuantileSketch.quantileOfUnion([new QuantileSketch()], 0.9)).toBeNull();
  });
});
