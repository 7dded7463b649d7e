import { Global, Module } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { RequestContext } from '../src/common/request-context';
import { NestAppFactory } from '../src/create-app';
import {
  ExternalEvent,
  ExternalEventIngestion,
  ExternalEventsResult,
} from '../src/ingestion/external-events/external-event';

/**
 * A test double of the ingestion seam: records what an envelope parser handed it and answers a
 * fixed result, so a parser's e2e tests assert what reaches the seam and nothing beyond it.
 */
export class RecordingIngestion extends ExternalEventIngestion {
  readonly calls: { events: ExternalEvent[]; context: RequestContext }[] = [];
  result: ExternalEventsResult = { accepted: 0, duplicates: 0, identified: 0, unmapped: 0 };

  async ingest(events: readonly ExternalEvent[], context: RequestContext) {
    this.calls.push({ events: [...events], context });
    return this.result;
  }

  /** Every event received so far, in order. */
  get events(): ExternalEvent[] {
    return this.calls.flatMap((c) => c.events);
  }
}

/**
 * The app with `fake` as the ingestion: provided globally (while no module provides one) and
 * overriding any real provider (once one does), so the same test holds before and after merges.
 */
export function withIngestion(fake: ExternalEventIngestion): NestAppFactory {
  @Global()
  @Module({
    providers: [{ provide: ExternalEventIngestion, useValue: fake }],
    exports: [ExternalEventIngestion],
  })
  class FakeIngestionModule {}
  return async (root, options) => {
    const compiled = await Test.createTestingModule({ imports: [root, FakeIngestionModule] })
      .overrideProvider(ExternalEventIngestion)
      .useValue(fake)
      .compile();
    return compiled.createNestApplication<NestExpressApplication>(options);
  };
}
