import { InstanceStep } from '@journey/domain';
import { encodeCursor } from './cursor';
import { CustomerJourneysPage, JourneyView } from '@journey/contracts';

/** An instance as both the read model and the replay hold it. */
export interface InstanceRecord {
  readonly journey: string;
  readonly instanceId: string;
  readonly status: string;
  readonly startedAt: Date;
  readonly lastActivityAt: Date;
  readonly channels: readonly string[];
  /** As the domain computed them (occurredAt in epoch ms). */
  readonly steps: readonly InstanceStep[];
}

/** A row of rm_journey_instances as the read queries select it. */
export interface InstanceRow {
  journey: string;
  instance_id: string;
  status: string;
  started_at: Date;
  last_activity_at: Date;
  channels: string[];
  steps: InstanceStep[];
}

export function instanceRecordOf(r: InstanceRow): InstanceRecord {
  return {
    journey: r.journey,
    instanceId: r.instance_id,
    status: r.status,
    startedAt: r.started_at,
    lastActivityAt: r.last_activity_at,
    channels: r.channels,
    steps: r.steps,
  };
}

export interface FeedbackRecord {
  readonly feedbackId: string;
  readonly journey: string | null;
  readonly touchpointId: string | null;
  readonly kind: string;
  readonly score: number;
  /** Decrypted (or "[erased]") by the caller. */
  readonly comment: string | null;
  readonly occurredAt: Date;
}

/**
 * A page of the response: `rows` are the instances newest first, one more than `limit` when
 * another page follows; feedback is attached to the instances of the page.
 */
export function journeysPage(
  customerId: string,
  rows: readonly InstanceRecord[],
  limit: number,
  feedback: readonly FeedbackRecord[],
): CustomerJourneysPage {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    customerId,
    journeys: page.map((r) => journeyView(r, feedback, page)),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({
            startedAt: last.startedAt.toISOString(),
            instanceId: last.instanceId,
            journey: last.journey,
          })
        : null,
  };
}

/**
 * Feedback belongs to the instance holding its touchpoint; without one, to the latest instance of
 * its journey that had started when it was given.
 */
function ownerOf(f: FeedbackRecord, rows: readonly InstanceRecord[]): InstanceRecord | undefined {
  if (f.touchpointId)
    return rows.find((r) => r.steps.some((s) => s.touchpointId === f.touchpointId));
  return rows
    .filter((r) => r.journey === f.journey && r.startedAt <= f.occurredAt)
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0];
}

/** One instance as the API shows it, with the feedback that belongs to it among `rows`. */
export function journeyView(
  r: InstanceRecord,
  feedback: readonly FeedbackRecord[],
  rows: readonly InstanceRecord[],
): JourneyView {
  return {
    journey: r.journey,
    instanceId: r.instanceId,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    lastActivityAt: r.lastActivityAt.toISOString(),
    steps: r.steps.map((s) => ({
      touchpointId: s.touchpointId,
      step: s.step,
      stage: s.stage,
      channel: s.channel,
      outcome: s.outcome,
      occurredAt: new Date(s.occurredAt).toISOString(),
      sincePreviousMs: s.sincePreviousMs,
    })),
    channels: [...r.channels],
    feedback: feedback
      .filter((f) => ownerOf(f, rows) === r)
      .map((f) => ({
        feedbackId: f.feedbackId,
        kind: f.kind,
        score: f.score,
        comment: f.comment,
        occurredAt: f.occurredAt.toISOString(),
      })),
  };
}
