import { AppError } from '../../common/app-error';
import { RequestContext } from '../../common/request-context';
import { ExternalEvent, ExternalEventIngestion } from '../external-events/external-event';
import { CloudEventsController } from './cloudevents.controller';

const ctx: RequestContext = { requestId: 'r', correlationId: 'r', apiKeyId: 'k', caller: 'shop' };
const events = [{ index: 0, path: '', kind: 'cloudevent' } as ExternalEvent];

describe('CloudEventsController', () => {
  it('given an ingestion, then it hands it the events and the caller, and answers its result', async () => {
    const result = { accepted: 1, duplicates: 0, identified: 0, unmapped: 0 };
    const ingest = jest.fn().mockResolvedValue(result);
    const controller = new CloudEventsController({ ingest } as ExternalEventIngestion);
    await expect(controller.receive(events, ctx)).resolves.toBe(result);
    expect(ingest).toHaveBeenCalledWith(events, ctx);
  });

  it('given no ingestion provided (before the sources merge), then 503 INGESTION_UNAVAILABLE', () => {
    const controller = new CloudEventsController(undefined);
    expect(() => controller.receive(events, ctx)).toThrow(AppError);
    expect(() => controller.receive(events, ctx)).toThrow('No external-event ingestion');
  });
});
