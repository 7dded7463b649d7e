import { Module } from '@nestjs/common';
import { CloudEventsController } from './cloudevents/cloudevents.controller';
import { DefineJourneyHandler } from './define-journey/define-journey.handler';
import { DefineSourceMappingHandler } from './define-source-mapping/define-source-mapping.handler';
import { SourceMappingCache } from './define-source-mapping/source-mapping.cache';
import { SourceMappingsController } from './define-source-mapping/source-mappings.controller';
import { MappedExternalEventIngestion } from './external-events/external-event-ingestion';
import { ExternalEventIngestion } from './external-events/external-event';
import { UnmappedEvents } from './external-events/unmapped-events';
import { UnmappedEventsController } from './list-unmapped-events/unmapped-events.controller';
import { SegmentController } from './segment/segment.controller';
import { JourneyDefinitionController } from './define-journey/journey-definition.controller';
import { FeedbackController } from './give-feedback/feedback.controller';
import { GiveFeedbackHandler } from './give-feedback/give-feedback.handler';
import { IdentitiesController } from './identify-customer/identities.controller';
import { IdentifyCustomerHandler } from './identify-customer/identify-customer.handler';
import { RecordTouchpointsHandler } from './record-touchpoints/record-touchpoints.handler';
import { TouchpointsController } from './record-touchpoints/touchpoints.controller';
import { StreamHeadCache } from './stream-heads';
import { StreamLocks } from './stream-locks';

/** The write side: validate, then append to the customer's stream. */
@Module({
  controllers: [
    TouchpointsController,
    FeedbackController,
    IdentitiesController,
    JourneyDefinitionController,
    SourceMappingsController,
    UnmappedEventsController,
    SegmentController,
    CloudEventsController,
  ],
  providers: [
    { provide: StreamHeadCache, useValue: new StreamHeadCache() },
    { provide: StreamLocks, useValue: new StreamLocks() },
    RecordTouchpointsHandler,
    GiveFeedbackHandler,
    IdentifyCustomerHandler,
    DefineJourneyHandler,
    DefineSourceMappingHandler,
    SourceMappingCache,
    UnmappedEvents,
    { provide: ExternalEventIngestion, useClass: MappedExternalEventIngestion },
  ],
  // Envelope controllers (Segment, CloudEvents) hand their events to the same service.
  exports: [ExternalEventIngestion],
})
export class IngestionModule {}
