import { DynamicModule, Module } from '@nestjs/common';
import { CustomerJourneysController } from './customer-journeys/customer-journeys.controller';
import { GetCustomerJourneysHandler } from './customer-journeys/customer-journeys.handler';
import { JourneyMapController } from './journey-map/journey-map.controller';
import { GetJourneyMapHandler } from './journey-map/journey-map.handler';
import { JourneyVariantsController } from './journey-variants/journey-variants.controller';
import { GetJourneyVariantsHandler } from './journey-variants/journey-variants.handler';
import { JourneySummariesController } from './journey-summaries/journey-summaries.controller';
import { GetJourneySummariesHandler } from './journey-summaries/journey-summaries.handler';
import { GetJourneyDefinitionHandler } from './journey-definition/journey-definition.handler';
import { ProjectionsController } from './projections/projections.controller';
import { GetProjectionsHandler } from './projections/projections.handler';
import { RequestRebuildHandler } from './projections/request-rebuild.handler';
import { CustomerFrictionsController } from './customer-frictions/customer-frictions.controller';
import { GetCustomerFrictionsHandler } from './customer-frictions/customer-frictions.handler';
import { FrictionPointsController } from './friction-points/friction-points.controller';
import { GetFrictionPointHandler } from './friction-points/friction-point.handler';
import { ListFrictionPointsHandler } from './friction-points/friction-points.handler';
import { FrictionStream, STREAM_LIMITS, StreamLimits } from './friction-points/friction-stream';
import { FrictionFeed } from './friction-points/friction-feed';
import { AuditModule } from '../audit/audit.module';
import { JourneyExportController } from './journey-export/journey-export.controller';
import { JourneyExport } from './journey-export/journey-export';

/** The read side: answers from read models only. */
@Module({
  imports: [AuditModule],
  controllers: [
    CustomerJourneysController,
    JourneyMapController,
    JourneyVariantsController,
    JourneySummariesController,
    ProjectionsController,
    CustomerFrictionsController,
    FrictionPointsController,
    JourneyExportController,
  ],
  providers: [
    GetCustomerJourneysHandler,
    GetJourneyMapHandler,
    GetJourneyVariantsHandler,
    GetJourneySummariesHandler,
    GetJourneyDefinitionHandler,
    GetProjectionsHandler,
    RequestRebuildHandler,
    GetCustomerFrictionsHandler,
    ListFrictionPointsHandler,
    GetFrictionPointHandler,
    FrictionFeed,
    FrictionStream,
    JourneyExport,
  ],
})
export class QueriesModule {
  static forRoot(limits: StreamLimits): DynamicModule {
    return { module: QueriesModule, providers: [{ provide: STREAM_LIMITS, useValue: limits }] };
  }
}
