import { Module } from '@nestjs/common';
import { CustomerJourneysController } from './customer-journeys/customer-journeys.controller';
import { GetCustomerJourneysHandler } from './customer-journeys/customer-journeys.handler';
import { ProjectionsController } from './projections/projections.controller';

/** The read side: answers from read models only. */
@Module({
  controllers: [CustomerJourneysController, ProjectionsController],
  providers: [GetCustomerJourneysHandler],
})
export class QueriesModule {}
