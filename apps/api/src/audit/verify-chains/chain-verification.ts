import {
  ANONYMOUS_STREAM_PREFIX,
  ChainBreak,
  CUSTOMER_STREAM_PREFIX,
  JOURNEY_DEFINITION_STREAM_PREFIX,
  SOURCE_MAPPING_STREAM_PREFIX,
  StreamChainVerifier,
} from '@journey/events';
import { EventStore, Position, RecordedEvent } from '@journey/event-store';

/** The outcome of recomputing one stream's hash chain. */
export interface StreamVerification {
  readonly stream: string;
  readonly events: number;
  readonly ok: boolean;
  /** The last event's stored hash: keep it elsewhere to notice a rewrite of the whole stream. */
  readonly head: string;
  readonly firstBroken: ChainBreak | null;
}

/** The streams whose events are chained. */
export const CHAINED_STREAM_PREFIXES = [
  CUSTOMER_STREAM_PREFIX,
  ANONYMOUS_STREAM_PREFIX,
  JOURNEY_DEFINITION_STREAM_PREFIX,
  SOURCE_MAPPING_STREAM_PREFIX,
];

export function verifyStream(stream: string, events: readonly RecordedEvent[]): StreamVerification {
  const v = new StreamChainVerifier();
  events.forEach((e) => v.push(e));
  return result(stream, v);
}

export interface VerifyAllProgress {
  readonly events: number;
  readonly streams: number;
}

export interface VerifyAllResult extends VerifyAllProgress {
  /** Every stream with a broken link, by name. */
  readonly broken: StreamVerification[];
}

/**
 * Recomputes every chained stream from the store's global order (each stream's events come in
 * revision order), keeping one verifier per stream.
 */
export async function verifyAllStreams(
  store: EventStore,
  options: {
    readonly onProgress?: (p: VerifyAllProgress) => void;
    /** Sees every event read (a checkpoint's heads are matched here). */
    readonly onEvent?: (e: RecordedEvent) => void;
    readonly pageSize?: number;
  } = {},
): Promise<VerifyAllResult> {
  const { onProgress = () => undefined, onEvent = () => undefined, pageSize = 5000 } = options;
  const verifiers = new Map<string, StreamChainVerifier>();
  let from: Position | undefined;
  let events = 0;
  for (;;) {
    const page = await store.readAll({
      fromPosition: from,
      maxCount: pageSize,
      streamPrefix: CHAINED_STREAM_PREFIXES,
    });
    for (const e of page) {
      let v = verifiers.get(e.stream);
      if (!v) verifiers.set(e.stream, (v = new StreamChainVerifier()));
      v.push(e);
      onEvent(e);
    }
    events += page.length;
    onProgress({ events, streams: verifiers.size });
    if (page.length < pageSize) break;
    from = page[page.length - 1].position;
  }
  const broken = [...verifiers]
    .filter(([, v]) => v.firstBreak !== null)
    .map(([stream, v]) => result(stream, v))
    .sort((a, b) => (a.stream < b.stream ? -1 : 1));
  return { events, streams: verifiers.size, broken };
}

function result(stream: string, v: StreamChainVerifier): StreamVerification {
  return {
    stream,
    events: v.events,
    ok: v.firstBreak === null,
    head: v.head,
    firstBroken: v.firstBreak,
  };
}
