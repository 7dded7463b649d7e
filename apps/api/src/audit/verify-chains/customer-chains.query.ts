import { Query } from '@nestjs/cqrs';
import { StreamVerification } from './chain-verification';

export interface CustomerChains {
  readonly customerId: string;
  /** True when every stream's chain holds. */
  readonly ok: boolean;
  readonly streams: StreamVerification[];
}

/** Recomputes the hash chains of a customer's streams. */
export class VerifyCustomerChains extends Query<CustomerChains> {
  constructor(readonly customerId: string) {
    super();
  }
}
