/**
 * How many batches a projector process applies at once, whatever the number of partitions it
 * runs. Sixteen partitions applying together on 2 cores made every batch wait for all the others
 * (measured: 2 s per batch, freshness p99 8 s against 0.9 s with one partition); taking turns,
 * each batch takes what arrived while it waited, so batches stay large and few.
 */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`slots must be >= 1: ${size}`);
    this.free = size;
  }

  /** Resolves with the release function once a slot is free (first come, first served). */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
