import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { customerStream, deterministicEventId, FeedbackGiven, serialize } from '@journey/events';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { PersonalData } from '../../personal-data/personal-data.service';
import { metadataOf } from '../event-metadata';
import { appendGroups } from '../append-groups';
import { StreamHeadCache } from '../stream-heads';
import { StreamLocks } from '../stream-locks';
import { GiveFeedback } from './give-feedback.command';

@CommandHandler(GiveFeedback)
export class GiveFeedbackHandler implements ICommandHandler<GiveFeedback> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly heads: StreamHeadCache,
    private readonly locks: StreamLocks,
    private readonly personal: PersonalData,
  ) {}

  async execute({ feedback: f, context }: GiveFeedback) {
    const stream = customerStream(f.customerId);
    const event: FeedbackGiven = {
      type: 'FeedbackGiven',
      data: {
        feedbackId: f.id,
        customerId: f.customerId,
        kind: f.kind,
        score: f.score,
        occurredAt: f.occurredAt,
        journey: f.journey ?? null,
        touchpointId: f.touchpointId ?? null,
        channel: f.channel ?? null,
        comment: f.comment ?? null,
      },
    };
    const id = deterministicEventId(stream, 'feedback', f.id);
    const [sealed] = await this.personal.protect([{ subject: stream, event }]);
    const [outcome] = await appendGroups(
      this.store,
      this.heads,
      [{ stream, events: [serialize(id, sealed, metadataOf(context))] }],
      this.locks,
    );
    if (!outcome.result) throw outcome.error;
    const duplicate = outcome.result.duplicateIds.length > 0;
    return { id: f.id, status: duplicate ? ('duplicate' as const) : ('accepted' as const) };
  }
}
