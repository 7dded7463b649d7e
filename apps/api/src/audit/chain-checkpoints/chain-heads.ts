import { ChainHead, storedHash } from '@journey/events';
import { EventStore, Position, RecordedEvent, StreamHead } from '@journey/event-store';
import { CHAINED_STREAM_PREFIXES } from '../verify-chains/chain-verification';

const PAGE = 5000;

const headOf = (e: RecordedEvent | StreamHead): ChainHead => [
  e.stream,
  Number(e.revision),
  storedHash(e) ?? '',
];

/**
 * Every chained stream's head, a page at a time by stream name: from the store's index of stream
 * heads when it has one (time in proportion to the streams), else by reading every event first.
 */
export async function* readChainHeads(store: EventStore): AsyncGenerator<ChainHead[]> {
  if (store.readStreamHeads) {
    let after: string | undefined;
    for (;;) {
      const page = await store.readStreamHeads({
        streamPrefix: CHAINED_STREAM_PREFIXES,
        afterStream: after,
        maxCount: PAGE,
      });
      if (page.length > 0) yield page.map(headOf);
      if (page.length < PAGE) return;
      after = page[page.length - 1].stream;
    }
  }
  const last = new Map<string, RecordedEvent>();
  let from: Position | undefined;
  for (;;) {
    const page = await store.readAll({
      fromPosition: from,
      maxCount: PAGE,
      streamPrefix: CHAINED_STREAM_PREFIXES,
    });
    for (const e of page) last.set(e.stream, e);
    if (page.length < PAGE) break;
    from = page[page.length - 1].position;
  }
  const names = [...last.keys()].sort();
  for (let i = 0; i < names.length; i += PAGE)
    yield names.slice(i, i + PAGE).map((n) => headOf(last.get(n)!));
}

/** Every head at once (tests, small stores). */
export async function allChainHeads(store: EventStore): Promise<ChainHead[]> {
  const heads: ChainHead[] = [];
  for await (const page of readChainHeads(store)) heads.push(...page);
  return heads;
}
