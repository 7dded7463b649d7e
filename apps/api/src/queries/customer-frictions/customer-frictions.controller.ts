import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../access/auth.decorators';
import { ValidationFailedError } from '../../common/app-error';
import { GetCustomerFrictions } from './customer-frictions.query';

@ApiTags('frictions')
@ApiBearerAuth()
@Controller('v1/customers/:customerId/frictions')
export class CustomerFrictionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequireScope('read')
  get(@Param('customerId') customerId: string) {
    if (customerId.length > 128) {
      throw new ValidationFailedError('INVALID_QUERY', [
        {
          index: null,
          field: 'customerId',
          rule: 'length',
          message: 'customerId must be 1 to 128 characters',
        },
      ]);
    }
    return this.queries.execute(new GetCustomerFrictions(customerId));
  }
}
