import {
  ERASED,
  FeedbackGiven,
  JourneyDefined,
  JourneyEvent,
  parseStreamName,
  TouchpointRecorded,
} from '@journey/events';
import {
  compareArrivals,
  definitionVersion,
  FirstCopies,
  IdentityLinks,
  supersedes,
} from '../log/log-rules';
import { rulesFromDefinition } from './journey-rules';
import { segmentInstances } from './segmentation';
import { JourneyInstance, TouchpointFact } from './types';

/**
 * Point-in-time replay: a customer's journeys computed from their events alone, with the same
 * segmentation and rules as the projector. Two cuts of time (bitemporal):
 * - asOf: what the system knew then: only events recorded (recordedAt) up to that moment, the
 *   journey definitions recorded by then, the identity links recorded by then;
 * - occurredBefore: what had happened by then as known now: touchpoints and feedback that
 *   occurred before it, late arrivals included, under the current definitions and links (an
 *   identity link says who the visitor always was, whenever it was learnt).
 * Erasures apply as the projector applies them: a comment given before a CustomerErased is
 * "[erased]" (for asOf, erasures recorded by then).
 */
export type ReplayCut =
  | { readonly kind: 'asOf'; readonly at: number }
  | { readonly kind: 'occurredBefore'; readonly at: number }
  | { readonly kind: 'now' };

/** A stored event as the replay needs it. */
export interface HistoryEvent {
  readonly stream: string;
  readonly event: JourneyEvent;
  /** The global position as arrivalKey(): orders events and breaks occurredAt ties. */
  readonly arrival: string;
  readonly recordedAt: number;
}

/** One JourneyDefined of a journey's definition stream. */
export interface DefinitionRecord {
  readonly data: JourneyDefined['data'];
  readonly revision: number;
  readonly recordedAt: number;
}

export interface ReplayResult {
  /** Every journey's instances, each journey's ordered as segmentInstances orders them. */
  readonly instances: JourneyInstance[];
  /** Feedback in arrival order (the first copy of a feedback id). */
  readonly feedback: FeedbackGiven['data'][];
  /** The latest occurredAt replayed (-Infinity without touchpoints). */
  readonly latestOccurredAt: number;
}

/**
 * The customer's instances and feedback under the cut. `history` holds the customer's stream
 * and any anonymous streams that may be linked to them; `watermark` is the event-time watermark
 * abandonment is measured against (raised to the latest occurredAt replayed: the projector's
 * watermark is never below a touchpoint it has seen).
 */
export function replayCustomer(
  customerId: string,
  history: readonly HistoryEvent[],
  definitions: ReadonlyMap<string, readonly DefinitionRecord[]>,
  cut: ReplayCut,
  watermark: number,
): ReplayResult {
  const events = [...history]
    .filter((h) => known(h, cut))
    .sort((a, b) => compareArrivals(a.arrival, b.arrival));
  const linked = linkedStreams(customerId, events);
  const facts = new Map<string, TouchpointFact[]>();
  const copies = new FirstCopies();
  const feedback = new Map<string, FeedbackGiven['data']>();
  let latestOccurredAt = -Infinity;
  for (const h of events) {
    const e = h.event;
    if (e.type === 'TouchpointRecorded' && linked.has(h.stream) && happened(e, cut)) {
      if (!copies.admit(h.stream, e.data.touchpointId)) continue;
      const fact = factOf(e.data, customerId, h.arrival);
      latestOccurredAt = Math.max(latestOccurredAt, fact.occurredAt);
      const list = facts.get(fact.journey);
      if (list) list.push(fact);
      else facts.set(fact.journey, [fact]);
    } else if (e.type === 'FeedbackGiven' && e.data.customerId === customerId && happened(e, cut)) {
      if (!feedback.has(e.data.feedbackId)) feedback.set(e.data.feedbackId, e.data);
    } else if (e.type === 'CustomerErased' && e.data.customerId === customerId) {
      for (const [id, f] of feedback) {
        if (f.comment !== null) feedback.set(id, { ...f, comment: ERASED });
      }
    }
  }
  const measuredAt = Math.max(watermark, latestOccurredAt);
  const instances = [...facts].flatMap(([journey, list]) =>
    segmentInstances(
      list,
      rulesFromDefinition(definitionInForce(definitions.get(journey) ?? [], cut), journey),
      measuredAt,
    ),
  );
  return { instances, feedback: [...feedback.values()], latestOccurredAt };
}

/** A touchpoint as the journey logic sees it. */
export function factOf(
  data: TouchpointRecorded['data'],
  customerId: string,
  arrival: string,
): TouchpointFact {
  return {
    touchpointId: data.touchpointId,
    customerId,
    journey: data.journey,
    step: data.step,
    stage: data.stage,
    channel: data.channel,
    outcome: data.outcome,
    occurredAt: Date.parse(data.occurredAt),
    journeyInstanceId: data.journeyInstanceId,
    arrival,
  };
}

/** The definition that applies: the highest version (for asOf: recorded by then). */
export function definitionInForce(
  records: readonly DefinitionRecord[],
  cut: ReplayCut,
): JourneyDefined['data'] | null {
  let best: { data: JourneyDefined['data']; version: number } | undefined;
  for (const r of records) {
    if (cut.kind === 'asOf' && r.recordedAt > cut.at) continue;
    const candidate = { data: r.data, version: definitionVersion(r.revision) };
    if (supersedes(candidate, best)) best = candidate;
  }
  return best?.data ?? null;
}

function known(h: HistoryEvent, cut: ReplayCut): boolean {
  return cut.kind !== 'asOf' || h.recordedAt <= cut.at;
}

function happened(e: TouchpointRecorded | FeedbackGiven, cut: ReplayCut): boolean {
  return cut.kind !== 'occurredBefore' || Date.parse(e.data.occurredAt) < cut.at;
}

/**
 * The streams whose touchpoints are the customer's, as the projector files them: their own
 * stream and each anonymous stream whose id IdentityLinks files under them (the id's first link
 * names them, or no link claims it and it is the customer's own id).
 */
function linkedStreams(customerId: string, events: readonly HistoryEvent[]): Set<string> {
  const streams = new Set<string>();
  const links = new IdentityLinks();
  const anonymous = new Map<string, string>();
  for (const h of events) {
    const owner = parseStreamName(h.stream);
    if (owner?.kind === 'customer' && owner.id === customerId) streams.add(h.stream);
    if (owner?.kind !== 'anonymous') continue;
    anonymous.set(h.stream, owner.id);
    if (h.event.type === 'CustomerIdentified') links.link(h.event.data);
  }
  for (const [stream, id] of anonymous) if (links.ownerOf(id) === customerId) streams.add(stream);
  return streams;
}
