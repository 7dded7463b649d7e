import { AddressInfo } from 'node:net';
import { ModuleRef } from '@nestjs/core';
import request from 'supertest';
import { CloudEvent, emitterFor, httpTransport, Mode } from 'cloudevents';
import { ExternalEventIngestion } from '../src/ingestion/external-events/external-event';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';

/**
 * CloudEvents through the real ingestion (source mapping, validation, commands): the journeys
 * must come out as the equivalent native calls make them. It fails, never skips, without the
 * real ExternalEventIngestion.
 */
const SOURCE = 'ingest-test'; // the harness's ingest key: an event's source is its key's name
const MAPPING = {
  rules: [
    {
      match: { kind: 'cloudevent', name: 'com.example.cart.created' },
      journey: 'purchase',
      step: 'cart',
      channel: 'web',
    },
    {
      match: { kind: 'cloudevent', name: 'com.example.checkout.started' },
      journey: 'purchase',
      step: 'checkout',
      channel: 'web',
    },
    {
      match: { kind: 'cloudevent', name: 'com.example.order.paid' },
      journey: 'purchase',
      step: 'paid',
      channel: 'web',
    },
  ],
};
const DEFINITION = {
  stages: [{ name: 'buy', steps: ['cart', 'checkout', 'paid'] }],
  goalSteps: ['paid'],
  failureSteps: [],
  abandonAfter: 'P30D',
};
const NOW = new Date('2026-05-02T12:00:00Z');
const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 10, minute)).toISOString();
const STEPS = [
  ['com.example.cart.created', 'cart', 0],
  ['com.example.checkout.started', 'checkout', 7],
  ['com.example.order.paid', 'paid', 12],
] as const;

describe('CloudEvents through the REAL ingestion: journeys as the native calls make them (after the merge)', () => {
  let t: TestApp;
  let url: string;
  const cloudEvent = (customer: string, i: number) =>
    new CloudEvent({
      id: `${customer}-${i}`,
      source: '/shop',
      type: STEPS[i][0],
      time: at(STEPS[i][2]),
      customerid: customer,
      data: { step: i },
    });
  const journeysOf = async (customerId: string) => {
    await t.settle();
    const res = await request(t.server)
      .get(`/v1/customers/${customerId}/journeys`)
      .set(bearer(t.keys.read))
      .expect(200);
    // What must not differ between the two ways in: all but the ids of customers and events.
    return (res.body.journeys as Record<string, unknown>[]).map(
      ({ instanceId: _i, steps, ...rest }) => ({
        ...rest,
        steps: (steps as Record<string, unknown>[]).map(({ touchpointId: _t, ...s }) => s),
      }),
    );
  };

  beforeAll(async () => {
    t = await startTestApp(
      { RATE_LIMIT_PER_SECOND: '0' },
      { projector: true, clock: { now: () => NOW } },
    );
    // Loud, not skipped: without the merge there is no ingestion behind /v1/cloudevents.
    try {
      t.app.get(ModuleRef).get(ExternalEventIngestion, { strict: false });
    } catch (e) {
      throw new Error(`No ExternalEventIngestion provider: merge the sources branch first (${e})`);
    }
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}/v1/cloudevents`;
    await request(t.server)
      .put('/v1/journeys/purchase/definition')
      .set(bearer(t.keys.admin))
      .send(DEFINITION)
      .expect(201);
    const mapped = await request(t.server)
      .put(`/v1/sources/${SOURCE}/mapping`)
      .set(bearer(t.keys.admin))
      .send(MAPPING);
    if (mapped.status >= 300)
      throw new Error(`PUT mapping: ${mapped.status} ${JSON.stringify(mapped.body)}; see MAPPING`);
  });
  afterAll(async () => t?.close());

  it.each([
    ['structured', Mode.STRUCTURED],
    ['binary', Mode.BINARY],
  ])(
    'given the SDK emitter in %s mode, then the journey equals the native one',
    async (_, mode) => {
      const native = `native-${mode}`;
      const viaCe = `ce-${mode}`;
      await request(t.server)
        .post('/v1/touchpoints')
        .set(bearer(t.keys.ingest))
        .send({
          touchpoints: STEPS.map(([, step, minute], i) =>
            touchpoint({
              id: `${native}-${i}`,
              customerId: native,
              journey: 'purchase',
              step,
              occurredAt: at(minute),
            }),
          ),
        })
        .expect(202);
      const emit = emitterFor(httpTransport(url), { mode });
      for (let i = 0; i < STEPS.length; i++) {
        const res = (await emit(cloudEvent(viaCe, i), { headers: bearer(t.keys.ingest) })) as {
          body: string;
        };
        expect(JSON.parse(res.body)).toEqual({
          accepted: 1,
          duplicates: 0,
          identified: 0,
          unmapped: 0,
        });
      }
      const expected = await journeysOf(native);
      expect(expected).toHaveLength(1);
      expect(expected[0]).toMatchObject({ journey: 'purchase', status: 'completed' });
      expect(await journeysOf(viaCe)).toEqual(expected);
    },
  );

  it('given a batch, then the journey equals the native one; sent again, nothing is stored twice', async () => {
    const batch = {
      headers: { 'content-type': 'application/cloudevents-batch+json' },
      body: JSON.stringify(STEPS.map((_, i) => cloudEvent('ce-batch', i))),
    };
    const send = async () =>
      JSON.parse(
        ((await httpTransport(url)(batch, { headers: bearer(t.keys.ingest) })) as { body: string })
          .body,
      );
    expect(await send()).toEqual({ accepted: 3, duplicates: 0, identified: 0, unmapped: 0 });
    expect(await send()).toEqual({ accepted: 0, duplicates: 3, identified: 0, unmapped: 0 });
    expect(await journeysOf('ce-batch')).toEqual(await journeysOf(`native-${Mode.STRUCTURED}`));
  });

  it('given a type no rule maps, then 202 counts it unmapped and the source lists it', async () => {
    const emit = emitterFor(httpTransport(url), { mode: Mode.STRUCTURED });
    const event = new CloudEvent({
      id: 'u-1',
      source: '/shop',
      type: 'com.example.newsletter.opened',
      time: at(30),
      subject: 'c-unmapped',
    });
    const res = (await emit(event, { headers: bearer(t.keys.ingest) })) as { body: string };
    expect(JSON.parse(res.body)).toMatchObject({ accepted: 0, unmapped: 1 });
    const listed = await request(t.server)
      .get(`/v1/sources/${SOURCE}/unmapped`)
      .set(bearer(t.keys.admin))
      .expect(200);
    expect(JSON.stringify(listed.body)).toContain('com.example.newsletter.opened');
  });
});
