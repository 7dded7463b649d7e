import { AppendResult, EventStore, EventToAppend } from '@journey/event-store';
import { StreamHeadCache } from './stream-heads';

export interface StreamGroup {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
}

/** Per group: what the store answered, or the error that kept it from being stored. */
export type GroupOutcome =
  { result: AppendResult; error?: undefined } | { result?: undefined; error: unknown };

const MAX_ATTEMPTS = 12;

/**
 * Appends each group to its stream with the expected revision, all streams in one statement.
 * The expectation comes from the head cache; a stream another writer moved meanwhile comes back as
 * a conflict carrying its actual revision and is retried at that revision (bounded, jittered after
 * the first retry). When the store refuses the statement as a whole, the streams are retried one
 * by one, so one bad stream cannot fail its neighbours.
 */
export async function appendGroups(
  store: EventStore,
  heads: StreamHeadCache,
  groups: readonly StreamGroup[],
): Promise<GroupOutcome[]> {
  const outcomes: GroupOutcome[] = new Array(groups.length);
  const all = groups.map((_, i) => i);
  try {
    await appendWithRetries(store, heads, groups, all, outcomes);
  } catch {
    for (const i of all) {
      if (outcomes[i]) continue;
      try {
        await appendWithRetries(store, heads, groups, [i], outcomes);
      } catch (err) {
        outcomes[i] = { error: err };
      }
    }
  }
  return outcomes;
}

async function appendWithRetries(
  store: EventStore,
  heads: StreamHeadCache,
  groups: readonly StreamGroup[],
  indexes: number[],
  outcomes: GroupOutcome[],
): Promise<void> {
  let pending = indexes;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const answers = await store.appendToStreams(
      pending.map((i) => ({
        stream: groups[i].stream,
        events: groups[i].events,
        expectedRevision: heads.get(groups[i].stream) ?? 'no_stream',
      })),
    );
    const conflicted: number[] = [];
    answers.forEach((a, k) => {
      const i = pending[k];
      if (a.result) {
        heads.set(groups[i].stream, a.result.nextRevision);
        outcomes[i] = { result: a.result };
      } else {
        heads.set(groups[i].stream, a.error.actual);
        if (attempt >= MAX_ATTEMPTS) outcomes[i] = { error: a.error };
        else conflicted.push(i);
      }
    });
    pending = conflicted;
    if (pending.length > 0 && attempt > 1)
      await new Promise((r) => setTimeout(r, jitteredBackoff(attempt)));
  }
}

/** Full jitter: uniform in [0, min(200, 2 * 2^attempt)) ms. */
export function jitteredBackoff(attempt: number, random = Math.random): number {
  return Math.floor(random() * Math.min(200, 2 * 2 ** attempt));
}
