import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ChainCheckpoint } from '@journey/events';
import { AppError } from '../../common/app-error';
import { ChainCheckpoints } from './chain-checkpoints';
import { GetLatestChainCheckpoint } from './latest-checkpoint.query';

@QueryHandler(GetLatestChainCheckpoint)
export class GetLatestChainCheckpointHandler implements IQueryHandler<GetLatestChainCheckpoint> {
  constructor(private readonly checkpoints: ChainCheckpoints) {}

  async execute(): Promise<ChainCheckpoint> {
    const latest = await this.checkpoints.latest();
    if (!latest)
      throw new AppError('CHECKPOINT_NOT_FOUND', 'No chain checkpoint has been made yet');
    return latest;
  }
}
