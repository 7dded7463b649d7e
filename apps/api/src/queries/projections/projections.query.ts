import { Query } from '@nestjs/cqrs';
import { overall, PartitionView, rebuildView } from './projection-status';

export type RebuildView = ReturnType<typeof rebuildView>;

export type ProjectionView = { name: string } & ReturnType<typeof overall> & {
    rebuild: RebuildView;
    partitionCount: number;
    partitions: PartitionView[];
  };

/** Each projection's checkpoints and how far behind the store they are. */
export class GetProjections extends Query<ProjectionView[]> {}
