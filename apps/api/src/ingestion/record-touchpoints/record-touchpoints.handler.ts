import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  anonymousStream,
  customerStream,
  deterministicEventId,
  serialize,
  TouchpointRecorded,
} from '@journey/events';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { isStoreUnavailable } from '@journey/postgres';
import { AppError, STORE_RETRY_AFTER_SECONDS } from '../../common/app-error';
import { PersonalData } from '../../personal-data/personal-data.service';
import { appendGroups } from '../append-groups';
import { StreamHeadCache } from '../stream-heads';
import { StreamLocks } from '../stream-locks';
import { metadataOf } from '../event-metadata';
import {
  acceptedTouchpoints,
  duplicateTouchpoints,
  failedTouchpoints,
} from '../../metrics/api-metrics';
import {
  RecordTouchpoints,
  TouchpointsRecorded,
  TouchpointStatus,
} from './record-touchpoints.command';
import { TouchpointDto } from './touchpoint.dto';

@CommandHandler(RecordTouchpoints)
export class RecordTouchpointsHandler implements ICommandHandler<RecordTouchpoints> {
  private readonly logger = new Logger(RecordTouchpointsHandler.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly heads: StreamHeadCache,
    private readonly locks: StreamLocks,
    private readonly personal: PersonalData,
  ) {}

  async execute({ touchpoints, context }: RecordTouchpoints): Promise<TouchpointsRecorded> {
    const statuses: TouchpointStatus[] = new Array(touchpoints.length).fill('failed');
    const byStream = [...groupByStream(touchpoints)];
    // Personal fields are encrypted with the key of the stream's owner before anything is stored.
    const events = await this.personal.protect(
      byStream.flatMap(([stream, indexes]) =>
        indexes.map((i) => ({ subject: stream, event: toEvent(touchpoints[i]) })),
      ),
    );
    let next = 0;
    const groups = byStream.map(([stream, indexes]) => ({
      stream,
      indexes,
      events: indexes.map((i) =>
        serialize(
          deterministicEventId(stream, touchpoints[i].id),
          events[next++],
          metadataOf(context, touchpoints[i].source),
        ),
      ),
    }));
    const outcomes = await appendGroups(this.store, this.heads, groups, this.locks);
    // The database could store none of it (down, read-only, full): the same answer as any other
    // request meets then, STORE_UNAVAILABLE with Retry-After.
    const unavailable = outcomes.find((o) => !o.result && isStoreUnavailable(o.error));
    if (unavailable && outcomes.every((o) => !o.result)) throw unavailable.error;
    let failed = false;
    outcomes.forEach((outcome, g) => {
      const { indexes, events, stream } = groups[g];
      if (!outcome.result) {
        failed = true;
        // The database down or restarting is the operator's to see once (the filter), not per group.
        const level = isStoreUnavailable(outcome.error) ? 'warn' : 'error';
        this.logger[level]({
          msg: 'append failed',
          stream,
          requestId: context.requestId,
          error: String(outcome.error),
        });
        return;
      }
      const dups = new Set(outcome.result.duplicateIds);
      indexes.forEach((i, j) => (statuses[i] = dups.has(events[j].id) ? 'duplicate' : 'accepted'));
    });
    const result = summarize(touchpoints, statuses);
    if (failed) {
      throw new AppError(
        'INGESTION_INCOMPLETE',
        'Some touchpoints could not be stored (status "failed"); repeating the same request is safe',
        result,
        { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
      );
    }
    return result;
  }
}

function groupByStream(touchpoints: readonly TouchpointDto[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  touchpoints.forEach((t, i) => {
    const stream =
      t.customerId !== undefined ? customerStream(t.customerId) : anonymousStream(t.anonymousId!);
    const list = groups.get(stream);
    if (list) list.push(i);
    else groups.set(stream, [i]);
  });
  return groups;
}

function toEvent(t: TouchpointDto): TouchpointRecorded {
  return {
    type: 'TouchpointRecorded',
    data: {
      touchpointId: t.id,
      customerId: t.customerId ?? null,
      anonymousId: t.anonymousId ?? null,
      journey: t.journey,
      step: t.step,
      stage: t.stage ?? null,
      channel: t.channel,
      outcome: t.outcome ?? 'success',
      occurredAt: t.occurredAt,
      journeyInstanceId: t.journeyInstanceId ?? null,
      durationMs: t.durationMs ?? null,
      source: t.source ?? null,
      agentId: t.agentId ?? null,
      attributes: t.attributes ?? {},
    },
  };
}

function summarize(
  touchpoints: readonly TouchpointDto[],
  statuses: TouchpointStatus[],
): TouchpointsRecorded {
  const accepted = statuses.filter((s) => s === 'accepted').length;
  const duplicates = statuses.filter((s) => s === 'duplicate').length;
  // Counted here, where every path (native, Segment, CloudEvents) learns its outcome: by batch.
  acceptedTouchpoints.inc(accepted);
  duplicateTouchpoints.inc(duplicates);
  failedTouchpoints.inc(statuses.length - accepted - duplicates);
  return {
    accepted,
    duplicates,
    results: touchpoints.map((t, i) => ({ id: t.id, status: statuses[i] })),
  };
}
