import { PageCursor, newestFirst } from '../../queries/customer-journeys/cursor';
import { Pool } from 'pg';
import {
  channelsOf,
  JourneyInstance,
  replayCustomer,
  ReplayCut,
  ReplayResult,
} from '@journey/domain';
import { readWatermark } from '@journey/read-models';
import { PersonalData } from '../../personal-data/personal-data.service';
import { CustomerJourneysPage } from '@journey/contracts';
import {
  FeedbackRecord,
  InstanceRecord,
  journeysPage,
} from '../../queries/customer-journeys/journey-view';
import { CustomerHistory, historyEvents } from '../customer-history';

export interface ReplayPageRequest {
  readonly journey?: string;
  readonly limit: number;
  readonly cursor: PageCursor | null;
  /** Personal fields (feedback comments) decrypted, else redacted. */
  readonly reveal?: boolean;
}

/**
 * A customer's journeys replayed from the event store (see libs/domain replay.ts), answered in
 * the shape of the read-model endpoint.
 *
 * Abandonment is measured against an event-time watermark, as in the projector, whose watermark
 * is global (the latest occurredAt of any customer's touchpoint). The replay reads one customer,
 * so it estimates it: the moment asked about, capped by the projector's current watermark (it
 * can only have been lower) and raised to the latest touchpoint replayed (it cannot have been
 * lower). A replay of "now" therefore uses the projector's own watermark.
 */
export class JourneyReplay {
  constructor(
    private readonly history: CustomerHistory,
    private readonly pool: Pool,
    private readonly personal: PersonalData,
  ) {}

  /** `anonymousIds`: the customer's linked ids when known (else the identity index is asked). */
  async replay(
    customerId: string,
    cut: ReplayCut,
    anonymousIds?: readonly string[],
  ): Promise<ReplayResult> {
    const { events } = await this.history.load(customerId, anonymousIds);
    const history = historyEvents(events);
    const journeys = history.flatMap((h) =>
      h.event.type === 'TouchpointRecorded' ? [h.event.data.journey] : [],
    );
    const definitions = await this.history.definitions(journeys);
    const watermark = replayWatermark(cut, await this.liveWatermark());
    return replayCustomer(customerId, history, definitions, cut, watermark);
  }

  async page(
    customerId: string,
    cut: ReplayCut,
    request: ReplayPageRequest,
  ): Promise<CustomerJourneysPage> {
    const { instances, feedback } = await this.replay(customerId, cut);
    const { journey, cursor, limit } = request;
    const rows = instances
      .filter((i) => journey === undefined || i.journey === journey)
      .map(toRecord)
      .sort(newestFirst)
      .filter((r) => !cursor || newestFirst(r, cursorRecord(cursor)) > 0);
    const comments = await this.personal.forViewer(
      feedback.map((f) => f.comment),
      request.reveal ?? false,
    );
    return journeysPage(
      customerId,
      rows.slice(0, limit + 1),
      limit,
      feedback.map((f, i): FeedbackRecord => ({
        feedbackId: f.feedbackId,
        journey: f.journey,
        touchpointId: f.touchpointId,
        kind: f.kind,
        score: f.score,
        comment: comments[i],
        occurredAt: new Date(f.occurredAt),
      })),
    );
  }

  /**
   * The journeys projection's watermark (epoch ms), null before it has seen a touchpoint. Each
   * partition raises its own row; the projection's watermark is their maximum (as the projector's).
   */
  async liveWatermark(): Promise<number | null> {
    return readWatermark(this.pool, 'journeys');
  }
}

/** The watermark a replay measures abandonment against (see JourneyReplay). */
export function replayWatermark(cut: ReplayCut, live: number | null): number {
  if (cut.kind === 'now') return live ?? -Infinity;
  return live === null ? cut.at : Math.min(cut.at, live);
}

export function toRecord(i: JourneyInstance): InstanceRecord {
  return {
    journey: i.journey,
    instanceId: i.instanceId,
    status: i.status,
    startedAt: new Date(i.startedAt),
    lastActivityAt: new Date(i.lastActivityAt),
    channels: channelsOf(i),
    steps: i.steps,
  };
}

function cursorRecord(c: PageCursor) {
  return { startedAt: new Date(c.startedAt), instanceId: c.instanceId, journey: c.journey };
}
