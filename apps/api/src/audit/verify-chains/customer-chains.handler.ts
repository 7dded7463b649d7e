import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CustomerHistory } from '../customer-history';
import { loadKnown } from '../customer-events/known-customer';
import { verifyStream } from './chain-verification';
import { CustomerChains, VerifyCustomerChains } from './customer-chains.query';

@QueryHandler(VerifyCustomerChains)
export class VerifyCustomerChainsHandler implements IQueryHandler<VerifyCustomerChains> {
  constructor(private readonly history: CustomerHistory) {}

  async execute({ customerId }: VerifyCustomerChains): Promise<CustomerChains> {
    const { streams, events } = await loadKnown(this.history, customerId);
    const checked = streams.map((s) =>
      verifyStream(
        s,
        events.filter((e) => e.stream === s),
      ),
    );
    return { customerId, ok: checked.every((s) => s.ok), streams: checked };
  }
}
