import { Query } from '@nestjs/cqrs';
import { JourneyMap } from '@journey/contracts';

export class GetJourneyMap extends Query<JourneyMap> {
  constructor(
    readonly journey: string,
    readonly from: string | null,
    readonly to: string | null,
    readonly channel: string | null,
  ) {
    super();
  }
}
