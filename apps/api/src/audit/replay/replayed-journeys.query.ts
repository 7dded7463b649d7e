import { PageCursor } from '../../queries/customer-journeys/cursor';
import { Query } from '@nestjs/cqrs';
import { ReplayCut } from '@journey/domain';
import { CustomerJourneysPage } from '@journey/contracts';

/** GET customer journeys as of a moment (asOf) or of what had happened by then (occurredBefore). */
export class ReplayCustomerJourneys extends Query<CustomerJourneysPage> {
  constructor(
    readonly customerId: string,
    readonly cut: Exclude<ReplayCut, { kind: 'now' }>,
    readonly journey: string | undefined,
    readonly limit: number,
    readonly cursor: PageCursor | null,
    /** Personal fields (feedback comments) decrypted, else redacted. */
    readonly reveal = false,
  ) {
    super();
  }
}
