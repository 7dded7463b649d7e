import {
  AppendResult,
  EventStore,
  EventToAppend,
  WrongExpectedVersionError,
} from '@journey/event-store';

const MAX_ATTEMPTS = 12;

/**
 * Appends at the stream's current revision; when another writer got there first, reads the new
 * head and tries again after a short jittered pause. Event ids make every retry idempotent.
 */
export async function appendAtHead(
  store: EventStore,
  stream: string,
  events: readonly EventToAppend[],
): Promise<AppendResult> {
  for (let attempt = 1; ; attempt++) {
    const [head] = await store.readStream(stream, { backwards: true, maxCount: 1 });
    try {
      return await store.appendToStream(stream, events, {
        expectedRevision: head ? head.revision : 'no_stream',
      });
    } catch (err) {
      if (!(err instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, jitteredBackoff(attempt)));
    }
  }
}

/** Full jitter: uniform in [0, min(200, 2 * 2^attempt)) ms. */
export function jitteredBackoff(attempt: number, random = Math.random): number {
  return Math.floor(random() * Math.min(200, 2 * 2 ** attempt));
}
