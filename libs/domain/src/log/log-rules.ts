import { CustomerIdentified, JourneyEvent, TouchpointRecorded } from '@journey/events';

/**
 * The rules that decide which of several log entries counts, defined once for every path that
 * folds the log: the live projection (apps/projector journey-writes.ts), the rebuild
 * (bulk-fold.ts), the auditors' replay (replay.ts) and verify-projections (customer-history.ts,
 * projection-check.ts).
 *
 * "First" means first in arrival order: the store's global position, as arrivalKey() sorts it.
 * Every path meets events in that order (the live runner and the rebuild read the log in it; the
 * replay sorts by it), so the first one a path meets is the first one.
 *
 * Where the live projection lets PostgreSQL enforce a rule, its SQL mirrors the rule here:
 * - first copy: rm_touchpoints' primary key is touchpointCopyKey's (source_stream, touchpoint_id),
 *   inserted with ON CONFLICT DO NOTHING;
 * - first link: rm_identity_links' primary key is the anonymous id, ON CONFLICT DO NOTHING;
 * - highest version: the upsert replaces a stored definition only WHERE stored.version <
 *   EXCLUDED.version, supersedes() below, with versions from definitionVersion().
 */

/** Sortable arrival order: the global position (commit, prepare), zero-padded. */
export function arrivalKey(commit: bigint | number, prepare: bigint | number): string {
  return `${commit.toString().padStart(20, '0')}/${prepare.toString().padStart(20, '0')}`;
}

/** Arrival keys compared: negative when `a` arrived first. */
export function compareArrivals(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What makes two touchpoints copies of one: the same id in the same stream. */
export function touchpointCopyKey(stream: string, touchpointId: string): string {
  return `${stream}\u0001${touchpointId}`;
}

/**
 * The first copy of a touchpoint wins. Copies are told apart per stream (touchpointCopyKey); the
 * ids kept are the callers' own strings, so a rebuild holding millions of them adds no new ones.
 */
export class FirstCopies {
  private readonly seen = new Map<string, Set<string>>();

  /** True for the first copy of (stream, touchpointId), false for every later one. */
  admit(stream: string, touchpointId: string): boolean {
    const inStream = this.seen.get(stream);
    if (inStream === undefined) {
      this.seen.set(stream, new Set([touchpointId]));
      return true;
    }
    if (inStream.has(touchpointId)) return false;
    inStream.add(touchpointId);
    return true;
  }
}

export interface IdentityLink {
  readonly customerId: string;
  /** The link's occurredAt, as the event holds it. */
  readonly linkedAt: string;
}

/**
 * The first link of an anonymous id wins: a later CustomerIdentified of the same id (which
 * ingestion refuses, but a log may hold) changes nothing.
 */
export class IdentityLinks {
  private readonly byAnonymous = new Map<string, IdentityLink>();

  /** Records the link unless the id was linked before; true when it was recorded. */
  link(data: CustomerIdentified['data']): boolean {
    if (this.byAnonymous.has(data.anonymousId)) return false;
    this.byAnonymous.set(data.anonymousId, {
      customerId: data.customerId,
      linkedAt: data.occurredAt,
    });
    return true;
  }

  /** The customer the id was first linked to, if any. */
  customerOf(anonymousId: string): string | undefined {
    return this.byAnonymous.get(anonymousId)?.customerId;
  }

  /** Who an anonymous id's touchpoints are filed under: its customer, else the id itself. */
  ownerOf(anonymousId: string): string {
    return this.byAnonymous.get(anonymousId)?.customerId ?? anonymousId;
  }

  entries(): IterableIterator<[string, IdentityLink]> {
    return this.byAnonymous.entries();
  }
}

/**
 * Who a touchpoint is filed under: its customer, else the customer its anonymous id was first
 * linked to (`linkedCustomer`, undefined when unlinked), else the anonymous id itself.
 */
export function touchpointOwner(
  data: TouchpointRecorded['data'],
  linkedCustomer: string | undefined,
): string {
  return data.customerId ?? linkedCustomer ?? data.anonymousId!;
}

/** The customer an anonymous stream's events first link it to (null: never linked). */
export function firstLinkOf(events: Iterable<JourneyEvent | undefined>): string | null {
  for (const e of events) if (e?.type === 'CustomerIdentified') return e.data.customerId;
  return null;
}

/** A definition's version: its revision in the journey's definition stream, counted from 1. */
export function definitionVersion(revision: bigint | number): number {
  return Number(revision) + 1;
}

/** The highest definition version applies: whether `candidate` replaces `current`. */
export function supersedes(
  candidate: { readonly version: number },
  current: { readonly version: number } | undefined,
): boolean {
  return current === undefined || current.version < candidate.version;
}

/** Keeps `candidate` as its journey's definition when it supersedes the one held; true if so. */
export function offerDefinition<T extends { readonly version: number }>(
  held: Map<string, T>,
  journey: string,
  candidate: T,
): boolean {
  if (!supersedes(candidate, held.get(journey))) return false;
  held.set(journey, candidate);
  return true;
}
