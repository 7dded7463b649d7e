import { Command } from '@nestjs/cqrs';
import { RequestContext } from '../../common/request-context';
import { FeedbackDto } from './feedback.dto';

export class GiveFeedback extends Command<{ id: string; status: 'accepted' | 'duplicate' }> {
  constructor(
    readonly feedback: FeedbackDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
