import { WrongExpectedVersionError } from './errors';
import { EventStore, StreamAppend, StreamAppendOutcome } from './event-store.port';

/**
 * appendToStreams for a store without multi-stream transactions: one append per stream, a few at
 * a time, conflicts reported per stream like the port requires.
 */
export async function appendEachStream(
  store: Pick<EventStore, 'appendToStream'>,
  appends: readonly StreamAppend[],
  parallel = 8,
): Promise<StreamAppendOutcome[]> {
  const outcomes: StreamAppendOutcome[] = new Array(appends.length);
  let next = 0;
  const worker = async () => {
    while (next < appends.length) {
      const i = next++;
      const { stream, events, expectedRevision } = appends[i];
      try {
        outcomes[i] = {
          stream,
          result: await store.appendToStream(stream, events, { expectedRevision }),
        };
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError)) throw err;
        outcomes[i] = { stream, error: err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, appends.length) }, worker));
  return outcomes;
}
