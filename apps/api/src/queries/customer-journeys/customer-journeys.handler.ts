import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { PersonalData } from '../../personal-data/personal-data.service';
import { CustomerJourneysPage } from '@journey/contracts';
import { GetCustomerJourneys } from './customer-journeys.query';
import { FeedbackRecord, instanceRecordOf, InstanceRow, journeysPage } from './journey-view';

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
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly personal: PersonalData,
  ) {}

  async execute(q: GetCustomerJourneys): Promise<CustomerJourneysPage> {
    // Two round trips at once: on separate pool connections, neither waits for the other.
    const instances = this.pool.query<InstanceRow>(
      `SELECT journey, instance_id, status, started_at, last_activity_at, channels, steps
         FROM rm_journey_instances
        WHERE customer_id = $1 AND ($2::text IS NULL OR journey = $2)
          AND ($3::timestamptz IS NULL OR (started_at, instance_id, journey) < ($3::timestamptz, $4::text, $5::text))
        ORDER BY started_at DESC, instance_id DESC, journey DESC
        LIMIT $6`,
      [
        q.customerId,
        q.journey ?? null,
        q.cursor?.startedAt ?? null,
        q.cursor?.instanceId ?? null,
        q.cursor?.journey ?? null,
        q.limit + 1,
      ],
    );
    const feedbackRows = this.pool.query<FeedbackRow>(
      'SELECT feedback_id, journey, touchpoint_id, kind, score, comment, occurred_at FROM rm_feedback WHERE customer_id = $1',
      [q.customerId],
    );
    const [{ rows }, feedback] = await Promise.all([instances, feedbackRows]);
    // rm_feedback keeps comments as the events hold them (encrypted): decrypted here, per read,
    // for the keys that may see them.
    const comments = await this.personal.forViewer(
      feedback.rows.map((f) => f.comment),
      q.reveal,
    );
    return journeysPage(
      q.customerId,
      rows.map(instanceRecordOf),
      q.limit,
      feedback.rows.map((f, i): FeedbackRecord => ({
        feedbackId: f.feedback_id,
        journey: f.journey,
        touchpointId: f.touchpoint_id,
        kind: f.kind,
        score: f.score,
        comment: comments[i],
        occurredAt: f.occurred_at,
      })),
    );
  }
}
