import {
  chainEvents,
  JourneyEvent,
  nextPreviousHash,
  serialize,
  StreamChainVerifier,
} from '@journey/events';
import {
  AppendOptions,
  AppendResult,
  EventToAppend,
  InMemoryEventStore,
} from '@journey/event-store';
import { randomUUID } from 'node:crypto';

/**
 * The in-memory store with a rival writer: just before each of the next `turns` appends, the
 * rival appends its own event to the same stream (chained on the head, as a real writer would),
 * so the append that follows conflicts. For unit tests of the command handlers' retries.
 */
export class RivalWriterStore extends InMemoryEventStore {
  appends = 0;

  constructor(
    private turns: number,
    private readonly rival: (stream: string) => JourneyEvent,
  ) {
    super();
  }

  override async appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    this.appends++;
    if (this.turns > 0) {
      this.turns--;
      await this.record(stream, this.rival(stream));
    }
    return super.appendToStream(stream, events, options);
  }

  /** Appends one event chained on the stream's head (no rival turn). */
  async record(stream: string, event: JourneyEvent): Promise<void> {
    const [head] = await this.readStream(stream, { backwards: true, maxCount: 1 });
    const meta = {
      correlationId: 'r',
      causationId: 'r',
      requestId: 'r',
      source: 'rival',
      apiKeyId: null,
    };
    await super.appendToStream(
      stream,
      chainEvents(nextPreviousHash(head), [serialize(randomUUID(), event, meta)]),
    );
  }

  /** The first link of the stream's hash chain that does not hold; null: it holds throughout. */
  async chainBreak(stream: string) {
    const verifier = new StreamChainVerifier();
    for (const e of await this.readStream(stream)) verifier.push(e);
    return verifier.firstBreak;
  }
}
