import { randomUUID } from 'node:crypto';
import { EventStore, RecordedEvent, Subscription } from '../src';

/** Takes `count` events from a subscription, or fewer if `idleMs` pass without one. */
export async function collect(
  sub: Subscription,
  count: number,
  idleMs = 60_000,
): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  if (count <= 0) return out;
  const it = sub[Symbol.asyncIterator]();
  while (out.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<'idle'>((r) => (timer = setTimeout(() => r('idle'), idleMs)));
    const next = await Promise.race([it.next(), idle]);
    clearTimeout(timer);
    if (next === 'idle' || next.done) break;
    out.push(next.value);
  }
  return out;
}

/**
 * Writers appending batches of 1-10 events to random streams at once, so that transactions commit
 * out of id order. Returns every appended event id.
 */
export async function runConcurrentWriters(
  store: EventStore,
  opts: { prefix: string; writers: number; eventsPerWriter: number; streams: number },
): Promise<string[]> {
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: opts.writers }, async (_, w) => {
      let left = opts.eventsPerWriter;
      while (left > 0) {
        const size = Math.min(left, 1 + Math.floor(Math.random() * 10));
        const batch = Array.from({ length: size }, () => ({
          id: randomUUID(),
          type: 'Written',
          data: { writer: w },
        }));
        const stream = `${opts.prefix}${Math.floor(Math.random() * opts.streams)}`;
        await store.appendToStream(stream, batch);
        ids.push(...batch.map((e) => e.id));
        left -= size;
      }
    }),
  );
  return ids;
}
