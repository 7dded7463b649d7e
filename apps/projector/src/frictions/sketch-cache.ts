import { QuantileSketch, TransitionBaseline } from '@journey/domain';

/**
 * Parsed daily sketches kept between live batches. A batch that sweeps abandoned instances asks
 * for the baselines of every transition of its pairs over about two months: hundreds of sketches
 * of up to a hundred buckets each, nearly all the same as for the batch before. A row's xmin (the
 * transaction that last wrote it) tells whether the parsed copy is still the stored one, so only
 * rows written since are read in full. A rolled-back write leaves the old xmin, and a rebuild's
 * swap brings rows of a newer transaction: either way the copy is not used.
 */
export class SketchCache {
  private readonly entries = new Map<string, { version: string; sketch: QuantileSketch }>();
  /** Rows read in full so far (for tests and diagnostics). */
  fullReads = 0;
  /** slow_step baselines merged from these rows, by the rows' versions. */
  readonly baselines = new BaselineMemo();

  constructor(private readonly maxEntries = 50_000) {}

  /** The parsed sketch, if the one held is of this version. Treat it as read-only. */
  get(key: string, version: string): QuantileSketch | undefined {
    const held = this.entries.get(key);
    return held?.version === version ? held.sketch : undefined;
  }

  set(key: string, version: string, sketch: QuantileSketch): void {
    // Simplest bound: start over. A live projector's working set is far below it.
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) this.entries.clear();
    this.entries.set(key, { version, sketch });
  }
}

/** The cache key of a stored daily sketch row (a journey slug and a day hold no '|'). */
export const sketchKey = (journey: string, day: string, edge: string, partition: number) =>
  `${journey}|${day}|${edge}|${partition}`;

/**
 * Baselines kept between live batches. The window of a step's baseline ends before the step's own
 * day, so in live traffic (steps of today) its rows rarely change: most baselines are found here
 * instead of merging a month of sketches again.
 */
export class BaselineMemo {
  private readonly entries = new Map<string, { found: TransitionBaseline | undefined }>();
  /** Baselines answered from here (for tests and diagnostics). */
  hits = 0;

  constructor(private readonly maxEntries = 50_000) {}

  get(key: string) {
    const entry = this.entries.get(key);
    if (entry) this.hits++;
    return entry;
  }

  set(key: string, found: TransitionBaseline | undefined): void {
    // Simplest bound: start over (versions make old entries unreachable anyway).
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { found });
  }
}
