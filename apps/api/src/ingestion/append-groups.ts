import { nextPreviousHash } from '@journey/events';
import { EventStore, EventToAppend } from '@journey/event-store';
import { appendRetries } from '@journey/metrics';
import { StreamHeadCache } from './stream-heads';
import { StreamLocks } from './stream-locks';
import { planAppends } from './append-plans';

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
 * re-read and the append retried (bounded, jittered). When the store refuses the statement as a
 * whole, the streams are retried one by one, so one bad stream cannot fail its neighbours.
 *
 * Writers of one process do not race each other for a stream: a stream this process is already
 * writing, or one that conflicted, waits its turn in StreamLocks (one hot customer's 32 parallel
 * requests would otherwise spend their attempts losing to each other). Every other stream is taken
 * and tried at once: a batch never waits for its free streams because one of them is busy.
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
  const writer: Writer = { store, heads, locks, groups, outcomes: new Array(groups.length) };
  const all = groups.map((_, i) => i);
  try {
    await appendWithRetries(writer, all);
  } catch {
    for (const i of all) {
      if (writer.outcomes[i]) continue;
      try {
        await appendWithRetries(writer, [i]);
      } catch (err) {
        writer.outcomes[i] = { error: err };
      }
    }
  }
  return writer.outcomes;
}

interface Writer {
  readonly store: EventStore;
  readonly heads: StreamHeadCache;
  readonly locks: StreamLocks;
  readonly groups: readonly StreamGroup[];
  readonly outcomes: GroupOutcome[];
}

async function appendWithRetries(w: Writer, indexes: number[]): Promise<void> {
  // Free streams are held while their first try is in flight: a concurrent batch of this process
  // that shares a stream queues for it instead of waiting on its row lock inside PostgreSQL (where
  // it would stall its whole transaction, then conflict).
  const claim = w.locks.takeFree(indexes.map((i) => w.groups[i].stream));
  const free = indexes.filter((i) => claim.taken.has(w.groups[i].stream));
  const busy = indexes.filter((i) => !claim.taken.has(w.groups[i].stream));
  let conflicted: number[] = [];
  try {
    if (free.length > 0) conflicted = await attempt(w, free, new Set(), false);
  } finally {
    claim.release();
  }
  const queued = [...busy, ...conflicted];
  if (queued.length === 0) return;
  await w.locks.run(
    queued.map((i) => w.groups[i].stream),
    async () => {
      // Conflicted heads are re-read; a queued stream's head is the one its predecessor left.
      let pending = queued;
      let stale = new Set(conflicted);
      for (let n = 1; pending.length > 0; n++) {
        // Conflicted streams are tried again; merely queued ones are on their first try.
        if (stale.size > 0) appendRetries.inc(pending.filter((i) => stale.has(i)).length);
        pending = await attempt(w, pending, stale, n >= MAX_ATTEMPTS);
        // A conflict under the lock: another process writes the stream too.
        stale = new Set(pending);
        if (pending.length > 0) await new Promise((r) => setTimeout(r, jitteredBackoff(n + 1)));
      }
    },
  );
}

/** One append of the pending groups; answers those that met a conflict, to be tried again. */
async function attempt(
  w: Writer,
  pending: number[],
  reread: ReadonlySet<number>,
  last: boolean,
): Promise<number[]> {
  const { store, heads, groups, outcomes } = w;
  const plans = await planAppends(
    store,
    heads,
    pending.map((i) => groups[i]),
    (k) => reread.has(pending[k]),
  );
  const sending = pending.filter((i, k) => {
    if (plans[k].events.length > 0) return true;
    outcomes[i] = { result: { duplicateIds: plans[k].known } };
    return false;
  });
  const sent = plans.filter((p) => p.events.length > 0);
  if (sending.length === 0) return [];
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
      if (last) outcomes[i] = { error: a.error };
      else conflicted.push(i);
    }
  });
  return conflicted;
}

/** Full jitter: uniform in [0, min(200, 2 * 2^attempt)) ms. */
export function jitteredBackoff(attempt: number, random = Math.random): number {
  return Math.floor(random() * Math.min(200, 2 * 2 ** attempt));
}
