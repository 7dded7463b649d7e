import { Query } from '@nestjs/cqrs';
import { FrictionOccurrenceJson } from '@journey/read-models';

export class GetCustomerFrictions extends Query<{
  customerId: string;
  frictions: FrictionOccurrenceJson[];
}> {
  constructor(readonly customerId: string) {
    super();
  }
}
