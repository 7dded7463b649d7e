import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { Ctx, RequestContext } from '../../common/request-context';
import { IdentifyCustomer } from './identify-customer.command';
import { IdentityDto } from './identity.dto';
import { IdentityPipe } from './identity.pipe';

@ApiTags('ingestion')
@ApiBearerAuth()
@Controller('v1/identities')
export class IdentitiesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(202)
  @RequireScope('ingest')
  @ApiBody({ type: IdentityDto })
  identify(@Body(IdentityPipe) identity: IdentityDto, @Ctx() ctx: RequestContext) {
    return this.commands.execute(new IdentifyCustomer(identity, ctx));
  }
}
