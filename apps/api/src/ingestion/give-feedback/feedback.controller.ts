import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { Ctx, RequestContext } from '../../common/request-context';
import { FeedbackDto, IngestionResultDto } from './feedback.dto';
import { FeedbackPipe } from './feedback.pipe';
import { GiveFeedback } from './give-feedback.command';

@ApiTags('ingestion')
@ApiBearerAuth()
@Controller('v1/feedback')
export class FeedbackController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(202)
  @RequireScope('ingest')
  @ApiBody({ type: FeedbackDto })
  @ApiResponse({ status: 202, type: IngestionResultDto })
  give(@Body(FeedbackPipe) feedback: FeedbackDto, @Ctx() ctx: RequestContext) {
    return this.commands.execute(new GiveFeedback(feedback, ctx));
  }
}
