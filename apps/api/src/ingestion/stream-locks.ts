/**
 * In-process exclusive access to streams. Writers of this process to a contended stream queue here
 * instead of racing at the store, where every lost race costs a conflict, a re-read and a retry:
 * 32 requests for one hot customer would otherwise spend most of their attempts losing to each
 * other. Other processes still race; the expected revision and bounded retries cover them.
 */
export class StreamLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` holding every stream named, taken in name order so two callers cannot deadlock. */
  async run<T>(streams: readonly string[], work: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    try {
      for (const stream of [...new Set(streams)].sort()) releases.push(await this.acquire(stream));
      return await work();
    } finally {
      for (const release of releases) release();
    }
  }

  /**
   * Takes, without waiting, every named stream no one holds or waits for; the others are left to
   * the caller (to queue with `run`). Release before waiting on any stream, so a holder never waits.
   */
  takeFree(streams: readonly string[]): { taken: ReadonlySet<string>; release(): void } {
    const taken = new Set<string>();
    const releases: (() => void)[] = [];
    for (const stream of streams) {
      if (this.tails.has(stream) || taken.has(stream)) continue;
      taken.add(stream);
      releases.push(this.hold(stream, undefined));
    }
    return { taken, release: () => releases.forEach((r) => r()) };
  }

  /** Streams currently held or waited for (a test and a leak check). */
  get size(): number {
    return this.tails.size;
  }

  private async acquire(stream: string): Promise<() => void> {
    const previous = this.tails.get(stream);
    const release = this.hold(stream, previous);
    if (previous) await previous;
    return release;
  }

  /** Makes this caller the stream's tail (after `previous`); answers its release. */
  private hold(stream: string, previous: Promise<void> | undefined): () => void {
    let resolve!: () => void;
    const mine = new Promise<void>((r) => (resolve = r));
    const tail = previous ? previous.then(() => mine) : mine;
    this.tails.set(stream, tail);
    return () => {
      resolve();
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    };
  }
}
