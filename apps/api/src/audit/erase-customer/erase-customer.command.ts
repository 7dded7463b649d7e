import { Command } from '@nestjs/cqrs';
import { RequestContext } from '../../common/request-context';

export interface CustomerErasure {
  readonly customerId: string;
  /** erased: keys destroyed and CustomerErased recorded now; already_erased: nothing left to do. */
  readonly status: 'erased' | 'already_erased';
  readonly anonymousIds: readonly string[];
  readonly keyIds: readonly string[];
  readonly erasedAt: string | null;
}

/** Forget a customer: destroy the keys of their personal data, record CustomerErased. */
export class EraseCustomer extends Command<CustomerErasure> {
  constructor(
    readonly customerId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
