import { deserialize, FeedbackGiven } from '@journey/events';
import { RecordedEvent } from '@journey/event-store';
import {
  arrivalKey,
  definitionVersion,
  FirstCopies,
  IdentityLinks,
  offerDefinition,
  TouchpointFact,
  touchpointOwner,
} from '@journey/domain';
import { pairKey } from '../journeys/journey-facts';

import { CopyWriter } from './copy-writer';
import { CopyLines } from '../codecs/row-codec';
import { touchpointCodec, touchpointValues } from '../codecs/touchpoint.codec';
import { withoutPersonalData } from '../journeys/erasure';
import { StoredDefinition } from '../journeys/definitions';

/**
 * A fact as the first pass keeps it, a million of them at a time: repeated strings are shared
 * (interned) and the arrival key is rebuilt from the position when asked for (only ties of
 * occurredAt ask). Keeping the heap small is what keeps garbage collection from dominating.
 */
class BulkFact implements TouchpointFact {
  constructor(
    readonly touchpointId: string,
    public customerId: string,
    readonly journey: string,
    readonly step: string,
    readonly stage: string | null,
    readonly channel: TouchpointFact['channel'],
    readonly outcome: TouchpointFact['outcome'],
    readonly occurredAt: number,
    readonly journeyInstanceId: string | null,
    private readonly commit: number,
    private readonly prepare: number,
  ) {}

  get arrival(): string {
    return arrivalKey(this.commit, this.prepare);
  }
}

class Interner {
  private readonly strings = new Map<string, string>();

  of<T extends string | null>(s: T): T {
    if (s === null) return s;
    const held = this.strings.get(s);
    if (held !== undefined) return held as T;
    this.strings.set(s, s);
    return s;
  }
}

/**
 * The in-memory fold of a rebuild's first pass. Facts go to PostgreSQL (COPY) as they are read and
 * are kept only in the small shape segmentation needs, grouped by the id they arrived under;
 * `pairs()` then files an anonymous id's groups under the customer it was linked to (the link may
 * come later in the log than the touchpoints). Which copy, link and definition win is decided by
 * the log rules of libs/domain (log-rules.ts), as on every other path.
 */
export class BulkFold {
  private readonly groups = new Map<string, BulkFact[]>();
  /** Facts that arrived under an anonymous id, until pairs() knows where each id belongs. */
  private readonly anonymousFacts = new Map<string, BulkFact[]>();
  private readonly copies = new FirstCopies();
  /** Anonymous ids never linked: they own their pairs (in their own stream's partition). */
  private readonly anonymousOwners = new Set<string>();
  /** Anonymous ids whose facts were copied before their link was known. */
  private readonly unresolved = new Set<string>();
  readonly links = new IdentityLinks();
  readonly definitions = new Map<string, StoredDefinition>();
  readonly feedback = new Map<string, FeedbackGiven>();
  watermark = -Infinity;

  private readonly interned = new Interner();
  private readonly lines = new CopyLines(touchpointCodec);

  constructor(private readonly facts: CopyWriter) {}

  async apply(recorded: RecordedEvent): Promise<void> {
    const event = deserialize(recorded)?.event;
    if (!event) return;
    switch (event.type) {
      case 'TouchpointRecorded': {
        const d = event.data;
        if (!this.copies.admit(recorded.stream, d.touchpointId)) return;
        const owner = d.customerId ?? d.anonymousId!;
        const occurredAt = Date.parse(d.occurredAt);
        if (occurredAt > this.watermark) this.watermark = occurredAt;
        const s = this.interned;
        const fact = new BulkFact(
          d.touchpointId,
          s.of(owner),
          s.of(d.journey),
          s.of(d.step),
          s.of(d.stage),
          s.of(d.channel),
          s.of(d.outcome),
          occurredAt,
          d.journeyInstanceId,
          // Exact as numbers: a transaction id passes 2^53 only after 2^21 wraparounds of 2^32.
          Number(recorded.position.commit),
          Number(recorded.position.prepare),
        );
        const key = d.customerId === null ? d.anonymousId! : pairKey(owner, d.journey);
        const groups = d.customerId === null ? this.anonymousFacts : this.groups;
        const group = groups.get(key);
        if (group) group.push(fact);
        else groups.set(key, [fact]);
        const linked = d.anonymousId === null ? undefined : this.links.customerOf(d.anonymousId);
        if (d.customerId === null && !linked) this.unresolved.add(d.anonymousId!);
        await this.facts.writeLine(
          this.lines.line(
            touchpointValues(recorded.stream, d, touchpointOwner(d, linked), fact.arrival),
          ),
        );
        return;
      }
      case 'CustomerIdentified':
        this.links.link(event.data);
        return;
      case 'FeedbackGiven': {
        const key = `${event.data.customerId}\u0001${event.data.feedbackId}`;
        if (!this.feedback.has(key)) this.feedback.set(key, event);
        return;
      }
      case 'JourneyDefined':
        offerDefinition(this.definitions, event.data.journey, {
          data: event.data,
          version: definitionVersion(recorded.revision),
          at: recorded.recordedAt,
        });
        return;
      case 'CustomerErased':
        // As the live projection: feedback folded so far loses its comment.
        for (const [key, f] of this.feedback) {
          if (f.data.customerId === event.data.customerId)
            this.feedback.set(key, withoutPersonalData(f));
        }
        return;
      case 'SourceMappingDefined':
        // Ingestion configuration, in streams the journeys projection does not read.
        return;
      default: {
        const _: never = event;
        return _;
      }
    }
  }

  /** After pairs(): whether the id owning a pair is an anonymous id never linked. */
  isAnonymousOwner(id: string): boolean {
    return this.anonymousOwners.has(id);
  }

  /** Ends the facts' COPY: everything read is then in the table. */
  async end(): Promise<void> {
    await this.facts.end();
  }

  /** Anonymous ids linked only after their facts were copied: those rows need their customer. */
  lateLinks(): { anonymousId: string; customerId: string }[] {
    return [...this.unresolved].flatMap((anonymousId) => {
      const customerId = this.links.customerOf(anonymousId);
      return customerId === undefined ? [] : [{ anonymousId, customerId }];
    });
  }

  /**
   * Facts per (customer, journey). An anonymous id's facts belong to the customer it was linked
   * to, else to the id itself, exactly as the live projection files them.
   */
  pairs(): Map<string, TouchpointFact[]> {
    for (const [anonymousId, facts] of this.anonymousFacts) {
      const customerId = this.links.ownerOf(anonymousId);
      if (customerId === anonymousId) this.anonymousOwners.add(anonymousId);
      for (const f of facts) {
        f.customerId = customerId;
        const key = pairKey(customerId, f.journey);
        const group = this.groups.get(key);
        if (group) group.push(f);
        else this.groups.set(key, [f]);
      }
    }
    this.anonymousFacts.clear();
    return this.groups;
  }
}
