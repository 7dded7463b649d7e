import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { InstanceStep } from '@journey/domain';
import { PG_POOL } from '@journey/event-store';
import { encodeCursor } from './cursor';
import { CustomerJourneysPage, GetCustomerJourneys, JourneyView } from './customer-journeys.query';

interface InstanceRow {
  journey: string;
  instance_id: string;
  status: string;
  started_at: Date;
  last_activity_at: Date;
  channels: string[];
  /** Stored as the domain computed them (occurredAt in epoch ms). */
  steps: InstanceStep[];
}

interface FeedbackRow {
  feedback_id: string;
  journey: string | null;
  touchpoint_id: string | null;
  kind: string;
  score: number;
  comment: string | null;
  occurred_at: Date;
}

/** A customer's journey instances, newest first, from the journeys read model. */
@QueryHandler(GetCustomerJourneys)
export class GetCustomerJourneysHandler implements IQueryHandler<GetCustomerJourneys> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(q: GetCustomerJourneys): Promise<CustomerJourneysPage> {
    const { rows } = await this.pool.query<InstanceRow>(
      `SELECT journey, instance_id, status, started_at, last_activity_at, channels, steps
         FROM rm_journey_instances
        WHERE customer_id = $1 AND ($2::text IS NULL OR journey = $2)
          AND ($3::timestamptz IS NULL OR (started_at, instance_id) < ($3::timestamptz, $4::text))
        ORDER BY started_at DESC, instance_id DESC
        LIMIT $5`,
      [
        q.customerId,
        q.journey ?? null,
        q.cursor?.startedAt ?? null,
        q.cursor?.instanceId ?? null,
        q.limit + 1,
      ],
    );
    const page = rows.slice(0, q.limit);
    const feedback = await this.pool.query<FeedbackRow>(
      'SELECT feedback_id, journey, touchpoint_id, kind, score, comment, occurred_at FROM rm_feedback WHERE customer_id = $1',
      [q.customerId],
    );
    const last = page[page.length - 1];
    return {
      customerId: q.customerId,
      journeys: page.map((r) => toView(r, feedback.rows, page)),
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor(last.started_at.toISOString(), last.instance_id)
          : null,
    };
  }
}

/**
 * Feedback belongs to the instance holding its touchpoint; without one, to the latest instance of
 * its journey that had started when it was given.
 */
function ownerOf(f: FeedbackRow, rows: InstanceRow[]): InstanceRow | undefined {
  if (f.touchpoint_id)
    return rows.find((r) => r.steps.some((s) => s.touchpointId === f.touchpoint_id));
  return rows
    .filter((r) => r.journey === f.journey && r.started_at <= f.occurred_at)
    .sort((a, b) => b.started_at.getTime() - a.started_at.getTime())[0];
}

function toView(r: InstanceRow, feedback: FeedbackRow[], rows: InstanceRow[]): JourneyView {
  return {
    journey: r.journey,
    instanceId: r.instance_id,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    lastActivityAt: r.last_activity_at.toISOString(),
    steps: r.steps.map((s) => ({
      touchpointId: s.touchpointId,
      step: s.step,
      stage: s.stage,
      channel: s.channel,
      outcome: s.outcome,
      occurredAt: new Date(s.occurredAt).toISOString(),
      sincePreviousMs: s.sincePreviousMs,
    })),
    channels: r.channels,
    feedback: feedback
      .filter((f) => ownerOf(f, rows) === r)
      .map((f) => ({
        feedbackId: f.feedback_id,
        kind: f.kind,
        score: f.score,
        comment: f.comment,
        occurredAt: f.occurred_at.toISOString(),
      })),
  };
}
