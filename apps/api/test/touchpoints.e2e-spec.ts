import request from 'supertest';
import { customerStream } from '@journey/events';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';
import { touchpointData } from '../../../test/touchpoint-data';

describe('POST /v1/touchpoints', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t?.close());
  const post = (body: unknown, key = t.keys.ingest) =>
    request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(key))
      .send(body as object);

  it('given one touchpoint, then it is stored as TouchpointRecorded in the customer stream', async () => {
    const tp = touchpoint({
      customerId: 'c-single',
      attributes: { plan: 'pro', seats: 3, trial: true },
    });
    const res = await post(tp).expect(202);
    expect(res.body).toEqual({
      accepted: 1,
      duplicates: 0,
      results: [{ id: tp.id, status: 'accepted' }],
    });
    const [event] = await t.store.readStream(customerStream('c-single'));
    expect(event.type).toBe('TouchpointRecorded');
    // What was sent, and nothing else set: no stage, instance, duration, source, agent.
    expect(event.data).toEqual(
      touchpointData({
        touchpointId: tp.id as string,
        customerId: 'c-single',
        journey: 'onboarding',
        step: 'signup',
        occurredAt: '2026-05-01T10:00:00Z',
        attributes: { plan: 'pro', seats: 3, trial: true },
      }),
    );
    expect(event.metadata).toMatchObject({
      schemaVersion: 1,
      source: 'ingest-test',
      apiKeyId: expect.any(String),
    });
    expect(event.metadata.requestId).toEqual(event.metadata.causationId);
  });

  it('given a batch for several customers, then each group lands in its stream and duplicates are reported', async () => {
    const a1 = touchpoint({ customerId: 'c-a' });
    const a2 = touchpoint({ customerId: 'c-a', step: 'verify' });
    const anon = touchpoint({ customerId: undefined, anonymousId: 'anon-9' });
    await post({ touchpoints: [a1, a2, anon] }).expect(202);
    const again = await post({ touchpoints: [a2, touchpoint({ customerId: 'c-b' })] }).expect(202);
    expect(again.body.accepted).toBe(1);
    expect(again.body.duplicates).toBe(1);
    expect(again.body.results[0]).toEqual({ id: a2.id, status: 'duplicate' });
    expect((await t.store.readStream(customerStream('c-a'))).map((e) => e.data.step)).toEqual([
      'signup',
      'verify',
    ]);
    expect(await t.store.readStream('anonymous-anon-9')).toHaveLength(1);
  });

  it('carries correlation and request ids from the headers', async () => {
    const tp = touchpoint({ customerId: 'c-corr', source: 'crm' });
    await post(tp).set('x-request-id', 'req-42').set('x-correlation-id', 'corr-7').expect(202);
    const [event] = await t.store.readStream(customerStream('c-corr'));
    expect(event.metadata).toMatchObject({
      requestId: 'req-42',
      correlationId: 'corr-7',
      causationId: 'req-42',
      source: 'crm',
    });
  });
});
