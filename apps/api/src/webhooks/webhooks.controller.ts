import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../access/auth.decorators';
import { FieldProblem, ValidationFailedError } from '../common/app-error';
import { validateItem } from '../ingestion/validation/validate-items';
import { CreateWebhook } from './create-webhook/create-webhook.command';
import { CreateWebhookDto } from './create-webhook/create-webhook.dto';
import { DeleteWebhook } from './delete-webhook/delete-webhook.command';
import { GetWebhook } from './get-webhook/webhook.query';
import { ListWebhooks } from './list-webhooks/webhooks.query';
import { decodeDeliveriesCursor } from './webhook-deliveries/deliveries-cursor';
import { GetWebhookDeliveries } from './webhook-deliveries/webhook-deliveries.query';

export const WEBHOOK_URL_POLICY = Symbol('WEBHOOK_URL_POLICY');

export interface WebhookUrlPolicy {
  /** WEBHOOK_ALLOW_HTTP: plain http URLs accepted (the projector delivers to them only then too). */
  readonly allowHttp: boolean;
}

/** Subscriptions to friction occurrences, pushed to the caller's URL (see README, Webhooks). */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(WEBHOOK_URL_POLICY) private readonly policy: WebhookUrlPolicy,
  ) {}

  @Post()
  @RequireScope('admin')
  @ApiBody({ type: CreateWebhookDto })
  create(@Body() body: unknown) {
    const { value, problems } = validateItem(CreateWebhookDto, body, null);
    if (
      value &&
      typeof value.url === 'string' &&
      /^http:/i.test(value.url) &&
      !this.policy.allowHttp
    )
      problems.push({
        index: null,
        field: 'url',
        rule: 'https',
        message: 'url must be an https:// URL (WEBHOOK_ALLOW_HTTP=true allows http://)',
      });
    if (!value || problems.length > 0) throw new ValidationFailedError('INVALID_WEBHOOK', problems);
    return this.commands.execute(
      new CreateWebhook(value.url, value.types ?? [], value.journeys ?? [], value.secret),
    );
  }

  @Get()
  @RequireScope('admin')
  list() {
    return this.queries.execute(new ListWebhooks());
  }

  @Get(':id')
  @RequireScope('admin')
  get(@Param('id') id: string) {
    return this.queries.execute(new GetWebhook(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('admin')
  async remove(@Param('id') id: string) {
    await this.commands.execute(new DeleteWebhook(id));
  }

  @Get(':id/deliveries')
  @RequireScope('admin')
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  deliveries(
    @Param('id') id: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    const problems: FieldProblem[] = [];
    const size = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > 200)
      problems.push({
        index: null,
        field: 'limit',
        rule: 'range',
        message: 'limit must be an integer from 1 to 200',
      });
    const before = cursor === undefined ? null : decodeDeliveriesCursor(cursor);
    if (cursor !== undefined && before === null)
      problems.push({
        index: null,
        field: 'cursor',
        rule: 'format',
        message: 'cursor is not one this API returned',
      });
    if (problems.length > 0) throw new ValidationFailedError('INVALID_QUERY', problems);
    return this.queries.execute(new GetWebhookDeliveries(id, size, before));
  }
}
