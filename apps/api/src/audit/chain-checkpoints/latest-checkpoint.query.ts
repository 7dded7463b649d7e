import { Query } from '@nestjs/cqrs';
import { ChainCheckpoint } from '@journey/events';

/** The newest signed checkpoint of the hash chains, with its heads. */
export class GetLatestChainCheckpoint extends Query<ChainCheckpoint> {}
