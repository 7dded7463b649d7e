import { Query } from '@nestjs/cqrs';
import { ProjectionView } from '@journey/contracts';

/** Each projection's checkpoints and how far behind the store they are. */
export class GetProjections extends Query<ProjectionView[]> {}
