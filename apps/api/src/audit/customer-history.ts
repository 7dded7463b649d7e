import { Pool } from 'pg';
import {
  anonymousStream,
  customerStream,
  deserialize,
  journeyDefinitionStream,
} from '@journey/events';
import { comparePositions, EventStore, RecordedEvent } from '@journey/event-store';
import { arrivalKey, DefinitionRecord, firstLinkOf, HistoryEvent } from '@journey/domain';

/** Events read per round trip while looking for an anonymous stream's first link. */
const LINK_SEARCH_CHUNK = 500n;

/** A customer's immutable history: the events of their stream and of their anonymous ids. */
export interface CustomerEvents {
  readonly customerId: string;
  /** The customer's stream, then anonymous streams by name (none: an unknown customer). */
  readonly streams: readonly string[];
  /** Every event of those streams in global order. */
  readonly events: readonly RecordedEvent[];
}

/**
 * Reads a customer's history from the event store. Which anonymous ids belong to the customer is
 * looked up in the rm_identity_links index (the projector fills it from CustomerIdentified events,
 * usually within milliseconds); each anonymous stream is then read from the store and kept only if
 * its own first CustomerIdentified names the customer (firstLinkOf: the first link wins). An anonymous stream of the same id that no
 * link claims is kept too: the projector files an unlinked visitor's journeys under its own id.
 */
export class CustomerHistory {
  constructor(
    readonly store: EventStore,
    private readonly pool: Pool,
  ) {}

  /** `anonymousIds`: the ids linked to the customer, when the caller knows them already. */
  async load(customerId: string, anonymousIds?: readonly string[]): Promise<CustomerEvents> {
    const candidates = await this.candidates(customerId, anonymousIds);
    // Read whole once, and the membership taken from what was read.
    const read = await Promise.all(candidates.map((s) => this.store.readStream(s)));
    const member = read.map(
      (list, i) =>
        list.length > 0 &&
        belongs(i, firstLinkOf(list.map((r) => deserialize(r)?.event)), customerId),
    );
    const streams = candidates.filter((_, i) => member[i]);
    const events = read
      .filter((_, i) => member[i])
      .flat()
      .sort((a, b) => comparePositions(a.position, b.position));
    return { customerId, streams, events };
  }

  /**
   * The streams of the customer's history (none: an unknown customer). An anonymous stream is
   * read only as far as its first CustomerIdentified.
   */
  async streamsOf(customerId: string, anonymousIds?: readonly string[]): Promise<string[]> {
    const candidates = await this.candidates(customerId, anonymousIds);
    const links = await Promise.all(candidates.map((s, i) => this.linkOf(s, i === 0)));
    return candidates.filter((_, i) => {
      const link = links[i];
      return link !== undefined && belongs(i, link, customerId);
    });
  }

  /** The customer's stream, the anonymous stream of the same id, then the linked ones by name. */
  private async candidates(
    customerId: string,
    anonymousIds: readonly string[] | undefined,
  ): Promise<string[]> {
    const linked = anonymousIds ?? (await this.linkedIds(customerId));
    const own = anonymousStream(customerId);
    return [
      customerStream(customerId),
      own,
      ...[...new Set(linked)]
        .sort()
        .map(anonymousStream)
        .filter((s) => s !== own),
    ];
  }

  /** undefined: no such stream; else the customer its first link names (null: none). */
  private async linkOf(stream: string, existenceOnly: boolean): Promise<string | null | undefined> {
    for (let from = 0n; ; from += LINK_SEARCH_CHUNK) {
      const maxCount = existenceOnly ? 1 : Number(LINK_SEARCH_CHUNK);
      const list = await this.store.readStream(stream, { fromRevision: from, maxCount });
      if (from === 0n && list.length === 0) return undefined;
      const link = firstLinkOf(list.map((r) => deserialize(r)?.event));
      if (existenceOnly || link !== null || list.length < maxCount) return link;
    }
  }

  private async linkedIds(customerId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ anonymous_id: string }>(
      'SELECT anonymous_id FROM rm_identity_links WHERE customer_id = $1',
      [customerId],
    );
    return rows.map((r) => r.anonymous_id);
  }

  /** Each journey's definition events, for the journeys named. */
  async definitions(journeys: Iterable<string>): Promise<Map<string, DefinitionRecord[]>> {
    const list = [...new Set(journeys)];
    const read = await Promise.all(
      list.map((j) => this.store.readStream(journeyDefinitionStream(j))),
    );
    return new Map(
      list.map((journey, i) => [
        journey,
        read[i].flatMap((r) => {
          const e = deserialize(r)?.event;
          return e?.type === 'JourneyDefined'
            ? [{ data: e.data, revision: Number(r.revision), recordedAt: r.recordedAt.getTime() }]
            : [];
        }),
      ]),
    );
  }
}

/** The events as the replay takes them (current schema versions; unknown types left out). */
export function historyEvents(events: readonly RecordedEvent[]): HistoryEvent[] {
  return events.flatMap((r) => {
    const event = deserialize(r)?.event;
    if (!event) return [];
    return [
      {
        stream: r.stream,
        event,
        arrival: arrivalKey(r.position.commit, r.position.prepare),
        recordedAt: r.recordedAt.getTime(),
      },
    ];
  });
}

/**
 * Whether candidate i (as `candidates` orders them), whose first link names `link`, is one of the
 * customer's streams: their own; an anonymous one their link claims; the unlinked one of their id.
 */
function belongs(i: number, link: string | null, customerId: string): boolean {
  return i === 0 || link === customerId || (i === 1 && link === null);
}
