import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { customerStream, deterministicEventId, FeedbackGiven, serialize } from '@journey/events';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { metadataOf } from '../event-metadata';
import { appendAtHead } from '../append-with-retry';
import { GiveFeedback } from './give-feedback.command';

@CommandHandler(GiveFeedback)
export class GiveFeedbackHandler implements ICommandHandler<GiveFeedback> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

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
    const result = await appendAtHead(this.store, stream, [
      serialize(id, event, metadataOf(context)),
    ]);
    return {
      id: f.id,
      status: result.duplicateIds.length > 0 ? ('duplicate' as const) : ('accepted' as const),
    };
  }
}
