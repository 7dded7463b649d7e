import { Gauge } from 'prom-client';
import { registry } from './registry';

/**
 * `read` shared for `ms`: the gauges of one scrape read once, and a scrape right after another
 * costs nothing. A failing read gives no rows (the database is away: no sample rather than a
 * failed scrape). `reset()` makes the next call read afresh.
 */
export function sharedSample<T>(read: () => Promise<T[]>, ms = 1000) {
  let sample: { at: number; rows: Promise<T[]> } | null = null;
  return {
    get(): Promise<T[]> {
      const now = Date.now();
      if (sample && now - sample.at < ms) return sample.rows;
      sample = { at: now, rows: read().catch((): T[] => []) };
      return sample.rows;
    },
    reset(): void {
      sample = null;
    },
  };
}

/** A gauge whose series are, at each scrape, exactly the rows `rows` gives: labels and value of each. */
export function sampledGauge<L extends string, T>(options: {
  name: string;
  help: string;
  labelNames: readonly L[];
  rows: () => Promise<T[]>;
  labels: (row: T) => Record<L, string>;
  value: (row: T) => number;
}): Gauge<L> {
  const { rows, labels, value } = options;
  return new Gauge({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames,
    registers: [registry],
    async collect() {
      const current = await rows();
      this.reset();
      for (const row of current) this.set(labels(row), value(row));
    },
  });
}
