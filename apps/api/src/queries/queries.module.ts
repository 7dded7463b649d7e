import { Module } from '@nestjs/common';
import { CustomerJourneysController } from './customer-journeys/customer-journeys.controller';
import { GetCustomerJourneysHandler } from './customer-journeys/customer-journeys.handler';
import { JourneyMapController } from './journey-map/journey-map.controller';
import { GetJourneyMapHandler } from './journey-map/journey-map.handler';
import { JourneysController } from './journeys/journeys.controller';
import { ProjectionsController } from './projections/projections.controller';

/** The read side: answers from read models only. */
@Module({
  controllers: [
    CustomerJourneysController,
    JourneyMapController,
    JourneysController,
    ProjectionsController,
  ],
  providers: [GetCustomerJourneysHandler, GetJourneyMapHandler],
})
export class QueriesModule {}
