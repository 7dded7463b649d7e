import { Query } from '@nestjs/cqrs';
import { FrictionOccurrenceJson } from '@journey/read-models';
import { FrictionPoint, JourneyView } from '@journey/contracts';
import { PointKey } from './friction-points.query';

export interface FrictionPointDetail extends FrictionPoint {
  exampleJourneys: JourneyView[];
  recentOccurrences: FrictionOccurrenceJson[];
}

/** One friction point with its evidence. */
export class GetFrictionPoint extends Query<FrictionPointDetail> {
  constructor(
    readonly id: string,
    readonly key: PointKey,
    readonly from: string | null,
    readonly to: string | null,
  ) {
    super();
  }
}
