import { PageCursor } from './cursor';
import { Query } from '@nestjs/cqrs';
import { CustomerJourneysPage } from '@journey/contracts';

export class GetCustomerJourneys extends Query<CustomerJourneysPage> {
  constructor(
    readonly customerId: string,
    readonly journey: string | undefined,
    readonly limit: number,
    readonly cursor: PageCursor | null,
    /** Personal fields (feedback comments) decrypted, else redacted. */
    readonly reveal = false,
  ) {
    super();
  }
}
