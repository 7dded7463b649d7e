import { RecordedEvent } from '@journey/event-store';
import { raceTimeout, TIMEOUT } from './batch-transactions';
import { RunnerOptions } from './runner-options';

type Read = Promise<IteratorResult<RecordedEvent>>;

/**
 * A runner's current batch limit: `maxBatch` while caught up, doubling up to `largestBatch` while
 * each batch fills (see RunnerOptions).
 */
export class BatchSize {
  private readonly smallest: number;
  private readonly largest: number;
  limit: number;

  constructor(options: RunnerOptions) {
    this.smallest = options.maxBatch;
    this.largest = Math.max(this.smallest, options.largestBatch ?? this.smallest);
    this.limit = this.smallest;
  }

  /** The last batch filled: the next page is on its way. */
  get behind(): boolean {
    return this.limit > this.smallest;
  }

  /** `backlogEnded`: the batch ran dry and the subscription is not reading a next page. */
  after(size: number, backlogEnded: boolean): void {
    if (size >= this.limit) this.limit = Math.min(this.limit * 2, this.largest);
    // A page that came late (a busy host) is not the end of a backlog.
    else if (backlogEnded) this.limit = this.smallest;
  }
}

/**
 * Adds the events that follow to `batch`, up to the limit, for at most `maxWaitMs` from now.
 * Returns the read still pending and whether the batch closed because no event was ready.
 */
export async function fillBatch(
  batch: RecordedEvent[],
  it: AsyncIterator<RecordedEvent>,
  pending: Read,
  size: BatchSize,
  maxWaitMs: number,
): Promise<{ pending: Read; ranDry: boolean }> {
  const deadline = Date.now() + maxWaitMs;
  const behind = size.behind;
  // Caught up, waiting for more when none is ready would only add latency; behind, the next
  // page is on its way and worth its few milliseconds.
  while (batch.length < size.limit) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    // A ready event is taken without a timer (a batch of 5,000 would set 5,000 of them).
    let next = await raceTimeout(pending, 0);
    if (next === TIMEOUT && behind) next = await raceTimeout(pending, left);
    if (next === TIMEOUT || next.done) return { pending, ranDry: next === TIMEOUT };
    batch.push(next.value);
    pending = it.next();
  }
  return { pending, ranDry: false };
}
