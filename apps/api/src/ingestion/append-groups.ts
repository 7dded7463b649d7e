import { chainEvents, GENESIS_HASH, nextPreviousHash } from '@journey/events';
import { EventStore, EventToAppend, ExpectedRevision } from '@journey/event-store';
import { StreamHeadCache } from './stream-heads';
import { StreamLocks } from './stream-locks';

export interface StreamGroup {
  readonly stream: string;
  /** Events without their hash: it is chained on from the stream's head at append time. */
  readonly events: readonly EventToAppend[];
}

/** Per group: the ids that were already stored, or the error that kept it from being stored. */
export type GroupOutcome =
  | { result: { duplicateIds: readonly string[] }; error?: undefined }
  | { result?: undefined; error: unknown };

const MAX_ATTEMPTS = 12;

/**
 * Appends each group to its stream with the expected revision, all streams in one statement, each
 * event carrying its link of the stream's hash chain. The head (revision and last hash) comes from
 * the head cache; a stream another writer moved meanwhile comes back as a conflict, its head is
 * re-read and the append retried (bounded, jittered after the first retry). When the store refuses
 * the statement as a whole, the streams are retried one by one, so one bad stream cannot fail its
 * neighbours.
 *
 * The streams are held in this process for the whole append (see StreamLocks), so conflicts come
 * only from other processes.
 *
 * A group of several events is checked against the stream first: the store would skip the events
 * it already holds (an idempotent retry with new events beside), and the others would then carry
 * links computed over events that were not stored. A single event is all new or all duplicate.
 */
export async function appendGroups(
  store: EventStore,
  heads: StreamHeadCache,
  groups: readonly StreamGroup[],
  locks: StreamLocks,
): Promise<GroupOutcome[]> {
  return locks.run(
    groups.map((g) => g.stream),
    () => appendHeld(store, heads, groups),
  );
}

async function appendHeld(
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

interface Plan {
  readonly expected: ExpectedRevision;
  /** The events to send, chained on from the head. */
  readonly events: EventToAppend[];
  /** Ids found in the stream before sending. */
  readonly known: string[];
}

async function appendWithRetries(
  store: EventStore,
  heads: StreamHeadCache,
  groups: readonly StreamGroup[],
  indexes: number[],
  outcomes: GroupOutcome[],
): Promise<void> {
  let pending = indexes;
  const reread = new Set<number>();
  for (let attempt = 1; pending.length > 0; attempt++) {
    const plans = await Promise.all(
      pending.map((i) => planAppend(store, heads, groups[i], reread.has(i))),
    );
    const sending = pending.filter((i, k) => {
      if (plans[k].events.length > 0) return true;
      outcomes[i] = { result: { duplicateIds: plans[k].known } };
      return false;
    });
    const sent = plans.filter((p) => p.events.length > 0);
    const answers = await store.appendToStreams(
      sending.map((i, k) => ({
        stream: groups[i].stream,
        events: sent[k].events,
        expectedRevision: sent[k].expected,
      })),
    );
    const conflicted: number[] = [];
    answers.forEach((a, k) => {
      const i = sending[k];
      const stream = groups[i].stream;
      if (a.result) {
        const { duplicateIds, nextRevision } = a.result;
        // All new: the head is the last event sent. Duplicates: it is the original's, unknown here.
        if (duplicateIds.length === 0)
          heads.set(stream, {
            revision: nextRevision,
            hash: nextPreviousHash(sent[k].events.at(-1)),
          });
        else heads.forget(stream);
        outcomes[i] = { result: { duplicateIds: [...sent[k].known, ...duplicateIds] } };
      } else {
        heads.forget(stream);
        reread.add(i);
        if (attempt >= MAX_ATTEMPTS) outcomes[i] = { error: a.error };
        else conflicted.push(i);
      }
    });
    pending = conflicted;
    if (pending.length > 0 && attempt > 1)
      await new Promise((r) => setTimeout(r, jitteredBackoff(attempt)));
  }
}

async function planAppend(
  store: EventStore,
  heads: StreamHeadCache,
  group: StreamGroup,
  reread: boolean,
): Promise<Plan> {
  if (group.events.length > 1) {
    const history = await store.readStream(group.stream);
    const stored = new Set(history.map((e) => e.id.toLowerCase()));
    const last = history.at(-1);
    const fresh = group.events.filter((e) => !stored.has(e.id.toLowerCase()));
    return {
      expected: last ? last.revision : 'no_stream',
      events: chainEvents(nextPreviousHash(last), fresh),
      known: group.events.filter((e) => stored.has(e.id.toLowerCase())).map((e) => e.id),
    };
  }
  let head = reread ? undefined : heads.get(group.stream);
  if (reread) {
    const [last] = await store.readStream(group.stream, { backwards: true, maxCount: 1 });
    if (last) head = { revision: last.revision, hash: nextPreviousHash(last) };
  }
  // Nothing known: most likely a new stream (a wrong guess is a conflict, then a read).
  return {
    expected: head ? head.revision : 'no_stream',
    events: chainEvents(head ? head.hash : GENESIS_HASH, group.events),
    known: [],
  };
}

/** Full jitter: uniform in [0, min(200, 2 * 2^attempt)) ms. */
export function jitteredBackoff(attempt: number, random = Math.random): number {
  return Math.floor(random() * Math.min(200, 2 * 2 ** attempt));
}
