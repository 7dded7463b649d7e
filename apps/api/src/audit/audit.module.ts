import { Module } from '@nestjs/common';
import { Pool } from 'pg';
import { EVENT_STORE, EventStore } from '@journey/event-store';
import { PG_POOL } from '@journey/postgres';
import { PersonalData } from '../personal-data/personal-data.service';
import { AccessLog } from './access-log/access-log';
import { AccessLogController } from './access-log/access-log.controller';
import { AccessLogInterceptor } from './access-log/access-log.interceptor';
import { GetAccessLogHandler } from './access-log/access-log.handler';
import { AuditCustomersController } from './audit-customers.controller';
import { ExportCustomerEventsHandler } from './customer-events/customer-events-export.handler';
import { GetCustomerEventsHandler } from './customer-events/customer-events.handler';
import { CustomerHistory } from './customer-history';
import { CustomersController } from './erase-customer/customers.controller';
import { EraseCustomerHandler } from './erase-customer/erase-customer.handler';
import { JourneyReplay } from './replay/journey-replay';
import { ReplayCustomerJourneysHandler } from './replay/replayed-journeys.handler';
import { VerifyCustomerChainsHandler } from './verify-chains/customer-chains.handler';

/** History, export, verification, access log, erasure, and point-in-time replay. */
@Module({
  controllers: [AuditCustomersController, AccessLogController, CustomersController],
  providers: [
    {
      provide: CustomerHistory,
      inject: [EVENT_STORE, PG_POOL],
      useFactory: (store: EventStore, pool: Pool) => new CustomerHistory(store, pool),
    },
    { provide: AccessLog, inject: [PG_POOL], useFactory: (pool: Pool) => new AccessLog(pool) },
    {
      provide: JourneyReplay,
      inject: [CustomerHistory, PG_POOL, PersonalData],
      useFactory: (history: CustomerHistory, pool: Pool, personal: PersonalData) =>
        new JourneyReplay(history, pool, personal),
    },
    AccessLogInterceptor,
    GetAccessLogHandler,
    GetCustomerEventsHandler,
    ExportCustomerEventsHandler,
    VerifyCustomerChainsHandler,
    EraseCustomerHandler,
    ReplayCustomerJourneysHandler,
  ],
  // The customer journeys read shows personal fields to audit keys, logged like audit reads.
  exports: [AccessLog, AccessLogInterceptor],
})
export class AuditModule {}
