import { Controller, Delete, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { Ctx, RequestContext } from '../../common/request-context';
import { QueryProblems } from '../query-params';
import { EraseCustomer } from './erase-customer.command';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/customers/:customerId')
export class CustomersController {
  constructor(private readonly commands: CommandBus) {}

  /** Right to be forgotten: the customer's personal data becomes "[erased]" everywhere. */
  @Delete()
  @RequireScope('admin')
  erase(@Param('customerId') customerId: string, @Ctx() ctx: RequestContext) {
    const q = new QueryProblems();
    q.customerId(customerId);
    q.throwIfAny();
    return this.commands.execute(new EraseCustomer(customerId, ctx));
  }
}
