import { Command } from '@nestjs/cqrs';
import { RequestContext } from '../../common/request-context';
import { IdentityDto } from './identity.dto';

export class IdentifyCustomer extends Command<{
  anonymousId: string;
  customerId: string;
  status: 'accepted' | 'duplicate';
}> {
  constructor(
    readonly identity: IdentityDto,
    readonly context: RequestContext,
  ) {
    super();
  }
}
