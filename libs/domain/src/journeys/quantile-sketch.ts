/**
 * A mergeable and subtractable quantile sketch (DDSketch-style logarithmic buckets).
 *
 * A value x > 0 falls into bucket i = ceil(log_gamma(x)), which holds (gamma^(i-1), gamma^i], and
 * is read back as the bucket's representative 2 * gamma^i / (gamma + 1): within 1% of every value
 * of the bucket for gamma = (1 + 0.01) / (1 - 0.01). Values <= 0 (durations can be 0) share a
 * separate zero bucket, read back as 0. Counts only ever add up, so sketches merge and subtract
 * exactly: remove(x) undoes add(x), and merging two sketches gives the sketch of the union.
 *
 * Serialised form: `{ z: <zero-bucket count>, b: { "<index>": <count> } }`, zero counts omitted.
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
export const SKETCH_GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(SKETCH_GAMMA);

export interface QuantileSketchJson {
  readonly z: number;
  readonly b: Readonly<Record<string, number>>;
}

/** The bucket of a value: null for the zero bucket (x <= 0). */
export function sketchBucketOf(x: number): number | null {
  return x > 0 ? Math.ceil(Math.log(x) / LOG_GAMMA) : null;
}

/** The value a bucket stands for. */
export function sketchBucketValue(index: number): number {
  return (2 * Math.pow(SKETCH_GAMMA, index)) / (SKETCH_GAMMA + 1);
}

export class QuantileSketch {
  private zero = 0;
  private readonly buckets = new Map<number, number>();
  private total = 0;

  static of(values: Iterable<number>): QuantileSketch {
    const sketch = new QuantileSketch();
    for (const x of values) sketch.add(x);
    return sketch;
  }

  static fromJSON(json: QuantileSketchJson): QuantileSketch {
    return new QuantileSketch().mergeJSON(json);
  }

  /** How many values the sketch holds. */
  get count(): number {
    return this.total;
  }

  add(x: number): this {
    assertFinite(x);
    const index = sketchBucketOf(x);
    if (index === null) this.adjustZero(1);
    else this.adjust(index, 1);
    return this;
  }

  /**
   * Takes back one earlier add(x). Returns false (and changes nothing) when the sketch holds no
   * value in x's bucket, so counts never go negative.
   */
  remove(x: number): boolean {
    assertFinite(x);
    const index = sketchBucketOf(x);
    const held = index === null ? this.zero : (this.buckets.get(index) ?? 0);
    if (held <= 0) return false;
    if (index === null) this.adjustZero(-1);
    else this.adjust(index, -1);
    return true;
  }

  /** Adds every value of the other sketch to this one. */
  merge(other: QuantileSketch): this {
    this.adjustZero(other.zero);
    for (const [index, count] of other.buckets) this.adjust(index, count);
    return this;
  }

  /**
   * Adds every value of a serialised sketch: merge(fromJSON(json)) without building the sketch in
   * between (a 90-day journey map merges hundreds of daily sketches per edge).
   */
  mergeJSON(json: QuantileSketchJson): this {
    assertCount(json.z);
    this.adjustZero(json.z);
    for (const index in json.b) {
      const count = json.b[index];
      assertCount(count);
      this.adjust(Number(index), count);
    }
    return this;
  }

  /** Adds `count` values to bucket `index` (null: the zero bucket), one entry of a serialised sketch. */
  mergeBucket(index: number | null, count: number): this {
    assertCount(count);
    if (index === null) this.adjustZero(count);
    else this.adjust(index, count);
    return this;
  }

  /** Takes the other sketch's values out of this one (which must hold them: counts stay >= 0). */
  subtract(other: QuantileSketch): this {
    if (other.zero > this.zero) throw new RangeError('Sketch does not hold the values to subtract');
    for (const [index, count] of other.buckets) {
      if (count > (this.buckets.get(index) ?? 0)) {
        throw new RangeError('Sketch does not hold the values to subtract');
      }
    }
    this.adjustZero(-other.zero);
    for (const [index, count] of other.buckets) this.adjust(index, -count);
    return this;
  }

  /**
   * The q-quantile (q in [0, 1]) by nearest rank over the bucket counts: the representative value
   * of the bucket holding the value of rank max(1, ceil(q * count)). Null when empty.
   */
  quantile(q: number): number | null {
    const index = this.quantileBucket(q);
    return index === undefined ? null : index === null ? 0 : sketchBucketValue(index);
  }

  /**
   * The largest value the q-quantile's bucket can hold (0 for the zero bucket): a value above it
   * exceeds the exact q-quantile whatever the sketch's rounding. Null when empty.
   */
  quantileUpperBound(q: number): number | null {
    const index = this.quantileBucket(q);
    return index === undefined ? null : index === null ? 0 : Math.pow(SKETCH_GAMMA, index);
  }

  /**
   * The q-quantile, its bound and the count of the sketches' union, without building it: their
   * buckets summed in one array (a baseline merges a month of daily sketches per transition).
   */
  static quantileOfUnion(
    sketches: readonly QuantileSketch[],
    q: number,
  ): { value: number; upperBound: number; count: number } | null {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`Quantile out of [0, 1]: ${q}`);
    let zero = 0;
    let total = 0;
    let low = Infinity;
    let high = -Infinity;
    for (const s of sketches) {
      zero += s.zero;
      total += s.total;
      for (const index of s.buckets.keys()) {
        if (index < low) low = index;
        if (index > high) high = index;
      }
    }
    if (total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * total));
    if (rank <= zero) return { value: 0, upperBound: 0, count: total };
    const counts = new Float64Array(high - low + 1);
    for (const s of sketches) for (const [index, n] of s.buckets) counts[index - low] += n;
    let seen = zero;
    let at = counts.length - 1;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        at = i;
        break;
      }
    }
    const index = at + low;
    return {
      value: sketchBucketValue(index),
      upperBound: Math.pow(SKETCH_GAMMA, index),
      count: total,
    };
  }

  /** The bucket holding the value of rank max(1, ceil(q * count)): null for the zero bucket. */
  private quantileBucket(q: number): number | null | undefined {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`Quantile out of [0, 1]: ${q}`);
    if (this.total === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.total));
    if (rank <= this.zero) return null;
    let seen = this.zero;
    // A typed array sorts numerically without a comparator call per pair.
    const indexes = Float64Array.from(this.buckets.keys()).sort();
    for (const index of indexes) {
      seen += this.buckets.get(index) as number;
      if (seen >= rank) return index;
    }
    return indexes[indexes.length - 1];
  }

  clone(): QuantileSketch {
    return new QuantileSketch().merge(this);
  }

  toJSON(): QuantileSketchJson {
    const b: Record<string, number> = {};
    for (const index of [...this.buckets.keys()].sort((x, y) => x - y)) {
      b[String(index)] = this.buckets.get(index) as number;
    }
    return { z: this.zero, b };
  }

  private adjustZero(delta: number): void {
    this.zero += delta;
    this.total += delta;
  }

  private adjust(index: number, delta: number): void {
    if (!Number.isInteger(index)) throw new RangeError(`Bad sketch bucket index: ${index}`);
    const next = (this.buckets.get(index) ?? 0) + delta;
    if (next === 0) this.buckets.delete(index);
    else this.buckets.set(index, next);
    this.total += delta;
  }
}

function assertFinite(x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`Sketch values must be finite: ${x}`);
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`Sketch counts must be non-negative integers: ${n}`);
  }
}
