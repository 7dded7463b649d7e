import { ChainHead, storedHash } from '@journey/events';
import { EventStore, Position, RecordedEvent } from '@journey/event-store';
import { CHAINED_STREAM_PREFIXES } from '../verify-chains/chain-verification';

const PAGE = 5000;

/**
 * Every chained stream's head: from the store's index of stream heads when it has one (time in
 * proportion to the streams), else by reading every event.
 */
export async function readChainHeads(store: EventStore): Promise<ChainHead[]> {
  const heads: ChainHead[] = [];
  const add = (e: RecordedEvent) => heads.push([e.stream, Number(e.revision), storedHash(e) ?? '']);
  if (store.readStreamHeads) {
    let after: string | undefined;
    for (;;) {
      const page = await store.readStreamHeads({
        streamPrefix: CHAINED_STREAM_PREFIXES,
        afterStream: after,
        maxCount: PAGE,
      });
      page.forEach(add);
      if (page.length < PAGE) return heads;
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
  [...last.values()].forEach(add);
  return heads;
}
