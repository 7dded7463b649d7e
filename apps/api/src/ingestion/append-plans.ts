import { EventStore, EventToAppend, ExpectedRevision, StreamState } from '@journey/event-store';
import { appendOnHead, headOf } from '../common/append-on-head';
import type { StreamGroup } from './append-groups';
import { StreamHeadCache } from './stream-heads';

/** What one attempt sends to a stream. */
export interface Plan {
  readonly expected: ExpectedRevision;
  /** The events to send, chained on from the head. */
  readonly events: EventToAppend[];
  /** Ids found in the stream before sending. */
  readonly known: string[];
}

/**
 * The plans of the pending groups. A group of several events, or a stream to re-read, needs the
 * stream's head and the ids it holds: one readStreamStates call for all of them where the store
 * offers it (a round trip per batch, not per stream), else a read of each stream. When that call
 * is made anyway, single events of streams whose head is not cached ride along: no guess, so no
 * conflict and retry for an existing stream the cache has dropped (a long import's streams).
 */
export async function planAppends(
  store: EventStore,
  heads: StreamHeadCache,
  groups: readonly StreamGroup[],
  reread: (k: number) => boolean,
): Promise<Plan[]> {
  const mustRead = (g: StreamGroup, k: number) => g.events.length > 1 || reread(k);
  const batched = store.readStreamStates !== undefined && groups.some(mustRead);
  const reading = groups.flatMap((g, k) =>
    mustRead(g, k) || (batched && !heads.get(g.stream)) ? [k] : [],
  );
  const states = new Map<number, StreamState>();
  if (batched) {
    const answers = await store.readStreamStates!(
      reading.map((k) => ({
        stream: groups[k].stream,
        eventIds: groups[k].events.length > 1 ? groups[k].events.map((e) => e.id) : [],
      })),
    );
    reading.forEach((k, j) => states.set(k, answers[j]));
  } else {
    await Promise.all(reading.map(async (k) => states.set(k, await readState(store, groups[k]))));
  }
  return groups.map((g, k) => {
    const state = states.get(k);
    if (state) return planFromState(g, state);
    // Nothing known: most likely a new stream (a wrong guess is a conflict, then a read).
    return { ...appendOnHead(heads.get(g.stream), g.events), known: [] };
  });
}

/** readStreamStates' answer for one stream, from its events (stores without it). */
async function readState(store: EventStore, group: StreamGroup): Promise<StreamState> {
  if (group.events.length === 1) {
    const [last] = await store.readStream(group.stream, { backwards: true, maxCount: 1 });
    return { stream: group.stream, last: last ?? null, knownIds: [] };
  }
  const history = await store.readStream(group.stream);
  const wanted = new Set(group.events.map((e) => e.id.toLowerCase()));
  return {
    stream: group.stream,
    last: history.at(-1) ?? null,
    knownIds: history.map((e) => e.id.toLowerCase()).filter((id) => wanted.has(id)),
  };
}

/**
 * Only the events the stream lacks, chained on from its last event: the store would skip the
 * others, and links computed over them would not match what is stored.
 */
function planFromState(group: StreamGroup, state: StreamState): Plan {
  const stored = new Set(state.knownIds.map((id) => id.toLowerCase()));
  const isKnown = (e: EventToAppend) => stored.has(e.id.toLowerCase());
  return {
    ...appendOnHead(
      headOf(state.last),
      group.events.filter((e) => !isKnown(e)),
    ),
    known: group.events.filter(isKnown).map((e) => e.id),
  };
}
