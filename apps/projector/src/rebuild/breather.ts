import { performance } from 'node:perf_hooks';

/**
 * A rebuild's bulk pass runs in the projector process beside the live projection. Its loops over
 * every customer mostly await writes that resolve at once (microtasks), which never let the
 * event loop reach I/O: the live runner's database answers would wait for the whole pass. A
 * breather gives the event loop a turn every `everyMs` of such work. (Measured at 1M events: live
 * touchpoints visible p99 29 s during a rebuild without one, 8.2 s every 20 ms, 1.7 s every 4 ms.)
 */
export class Breather {
  private last = performance.now();
  constructor(private readonly everyMs = 4) {}

  /** Resolves at once, unless `everyMs` have passed since the last turn: then after one. */
  breathe(): Promise<void> | void {
    const now = performance.now();
    if (now - this.last < this.everyMs) return;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        this.last = performance.now();
        resolve();
      }),
    );
  }
}
