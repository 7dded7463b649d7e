import { Module } from '@nestjs/common';
import { CloudEventsController } from './cloudevents/cloudevents.controller';
import { DefineJourneyHandler } from './define-journey/define-journey.handler';
import { JourneyDefinitionController } from './define-journey/journeys.controller';
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
    CloudEventsController,
  ],
  providers: [
    { provide: StreamHeadCache, useValue: new StreamHeadCache() },
    { provide: StreamLocks, useValue: new StreamLocks() },
    RecordTouchpointsHandler,
    GiveFeedbackHandler,
    IdentifyCustomerHandler,
    DefineJourneyHandler,
  ],
})
export class IngestionModule {}
