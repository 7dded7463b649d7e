import { AppendResult, EventStore, EventToAppend } from '@journey/event-store';
import { jitteredBackoff } from './append-with-retry';

export interface StreamGroup {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
}

/** Per group: what the store answered, or the error that kept it from being stored. */
export type GroupOutcome =
  { result: AppendResult; error?: undefined } | { result?: undefined; error: unknown };

const CHUNK = 100;
const MAX_ATTEMPTS = 12;

/**
 * Appends each group to its stream at the stream's current revision, many streams per statement.
 * Streams another writer moved meanwhile are read again and retried (bounded, jittered). A chunk the
 * store refuses as a whole is retried stream by stream, so one bad stream cannot fail its neighbours.
 */
export async function appendGroupsAtHead(
  store: EventStore,
  groups: readonly StreamGroup[],
): Promise<GroupOutcome[]> {
  const outcomes: GroupOutcome[] = new Array(groups.length);
  for (let from = 0; from < groups.length; from += CHUNK) {
    const idx = Array.from({ length: Math.min(CHUNK, groups.length - from) }, (_, k) => from + k);
    try {
      await appendWithRetries(store, groups, idx, outcomes);
    } catch {
      for (const i of idx) {
        if (outcomes[i]) continue;
        try {
          await appendWithRetries(store, groups, [i], outcomes);
        } catch (err) {
          outcomes[i] = { error: err };
        }
      }
    }
  }
  return outcomes;
}

async function appendWithRetries(
  store: EventStore,
  groups: readonly StreamGroup[],
  indexes: number[],
  outcomes: GroupOutcome[],
): Promise<void> {
  let pending = indexes;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const heads = await store.readStreamHeads(pending.map((i) => groups[i].stream));
    const answers = await store.appendToStreams(
      pending.map((i) => ({
        stream: groups[i].stream,
        events: groups[i].events,
        expectedRevision: heads.get(groups[i].stream) ?? 'no_stream',
      })),
    );
    const conflicted: number[] = [];
    answers.forEach((a, k) => {
      if (a.result) outcomes[pending[k]] = { result: a.result };
      else if (attempt >= MAX_ATTEMPTS) outcomes[pending[k]] = { error: a.error };
      else conflicted.push(pending[k]);
    });
    pending = conflicted;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, jitteredBackoff(attempt)));
  }
}
