import { createServer, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Analytics } from '@segment/analytics-node';
import request from 'supertest';
import { customerStream, anonymousStream, deserialize } from '@journey/events';
import { bearer, startTestApp, TestApp } from './harness';

const basic = (key: string) => ({
  Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
});
const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 10, minute));
const iso = (minute: number) => at(minute).toISOString();

/** The mapping of the `ingest-test` key: names, a page name, and journey/step from properties. */
const MAPPING = {
  defaultChannel: 'web',
  rules: [
    { match: { kind: 'page', name: 'Pricing' }, journey: 'purchase', step: 'browse' },
    {
      match: { kind: 'track', name: 'Checkout Started' },
      journey: 'purchase',
      step: 'checkout',
      stage: 'buy',
    },
    { match: { kind: 'track' }, journeyFrom: 'properties.journey', stepFrom: 'properties.step' },
  ],
};

/** Journeys without the ids that differ between the two customer sets. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !/id$/i.test(k) && k !== 'nextCursor')
      .map(([k, v]) => [k, withoutIds(v)]),
  );
}

describe('Segment-compatible ingestion, driven by @segment/analytics-node', () => {
  let t: TestApp;
  let base: string;

  const client = (options: Partial<ConstructorParameters<typeof Analytics>[0]> = {}) =>
    new Analytics({
      writeKey: t.keys.ingest,
      host: base,
      path: '/v1/segment/batch',
      flushAt: 10,
      flushInterval: 50,
      maxRetries: 3,
      ...options,
    });

  const storedData = async (stream: string) =>
    (await t.store.readStream(stream)).map((e) => deserialize(e)!.event);

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' }, { projector: true });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await request(t.server)
      .put('/v1/sources/ingest-test/mapping')
      .set(bearer(t.keys.admin))
      .send(MAPPING)
      .expect(201);
  });
  afterAll(async () => t?.close());

  it('given a mapping, when read back, then it has its version; a bad one gets 400 by field', async () => {
    const got = await request(t.server)
      .get('/v1/sources/ingest-test/mapping')
      .set(bearer(t.keys.read))
      .expect(200);
    expect(got.body).toMatchObject({ source: 'ingest-test', version: 1, defaultChannel: 'web' });
    expect(got.body.rules[2]).toMatchObject({ journeyFrom: 'properties.journey', journey: null });
    const bad = await request(t.server)
      .put('/v1/sources/ingest-test/mapping')
      .set(bearer(t.keys.admin))
      .send({ rules: [{ match: { kind: 'track' }, journey: 'purchase', stepFrom: 'step' }] })
      .expect(400);
    expect(bad.body.error).toBe('INVALID_SOURCE_MAPPING');
    expect(bad.body.details).toEqual([
      expect.objectContaining({ field: 'rules.0.stepFrom', rule: 'pattern' }),
    ]);
  });

  it('given track, identify and page through the client, then the journeys equal the native calls', async () => {
    // When: set A through the Segment client's own batching.
    const analytics = client();
    analytics.page({
      anonymousId: 'anon-A',
      name: 'Pricing',
      timestamp: at(0),
      properties: { plan: 'pro' },
    });
    analytics.identify({
      userId: 'cust-A',
      anonymousId: 'anon-A',
      timestamp: at(1),
      traits: { tier: 'gold' },
    });
    analytics.track({
      userId: 'cust-A',
      event: 'Checkout Started',
      timestamp: at(2),
      properties: { amount: 42, cart: { items: 2 } },
    });
    analytics.track({
      userId: 'cust-A',
      event: 'Paid',
      timestamp: at(3),
      properties: { journey: 'purchase', step: 'pay' },
    });
    analytics.track({
      userId: 'cust-A',
      event: 'Mystery Event',
      timestamp: at(4),
      properties: { x: 1 },
    });
    await analytics.closeAndFlush({ timeout: 10_000 });
    // And set B as native calls: the same facts, in the same order.
    await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send({
        touchpoints: [
          {
            id: 'b1',
            anonymousId: 'anon-B',
            journey: 'purchase',
            step: 'browse',
            channel: 'web',
            occurredAt: iso(0),
            attributes: { plan: 'pro' },
          },
          {
            id: 'b2',
            customerId: 'cust-B',
            journey: 'purchase',
            step: 'checkout',
            stage: 'buy',
            channel: 'web',
            occurredAt: iso(2),
            attributes: { amount: 42, 'cart.items': 2 },
          },
          {
            id: 'b3',
            customerId: 'cust-B',
            journey: 'purchase',
            step: 'pay',
            channel: 'web',
            occurredAt: iso(3),
            attributes: { journey: 'purchase', step: 'pay' },
          },
        ],
      })
      .expect(202);
    await request(t.server)
      .post('/v1/identities')
      .set(bearer(t.keys.ingest))
      .send({ anonymousId: 'anon-B', customerId: 'cust-B', occurredAt: iso(1) })
      .expect(202);
    await t.settle();

    // Then the stored events differ only in ids and the request metadata...
    const strip = (events: unknown[]) => withoutIds(events);
    expect(strip(await storedData(customerStream('cust-A')))).toEqual(
      strip(await storedData(customerStream('cust-B'))),
    );
    expect(strip(await storedData(anonymousStream('anon-A')))).toEqual(
      strip(await storedData(anonymousStream('anon-B'))),
    );
    expect(await storedData(anonymousStream('anon-A'))).toContainEqual({
      type: 'CustomerIdentified',
      data: { anonymousId: 'anon-A', customerId: 'cust-A', occurredAt: iso(1) },
    });
    // ...and the read models the same, field by field.
    const journeys = async (c: string) =>
      (
        await request(t.server)
          .get(`/v1/customers/${c}/journeys`)
          .set(bearer(t.keys.read))
          .expect(200)
      ).body;
    const a = await journeys('cust-A');
    expect(a.journeys).toHaveLength(1);
    expect(a.journeys[0].steps.map((s: { step: string }) => s.step)).toEqual([
      'browse',
      'checkout',
      'pay',
    ]);
    expect(withoutIds(a)).toEqual(withoutIds(await journeys('cust-B')));

    // And the event no rule took is listed, not stored.
    const unmapped = await request(t.server)
      .get('/v1/sources/ingest-test/unmapped')
      .set(bearer(t.keys.read))
      .expect(200);
    expect(unmapped.body.unmapped).toContainEqual(
      expect.objectContaining({
        kind: 'track',
        name: 'Mystery Event',
        count: 1,
        example: { properties: { x: 'number' }, truncated: false },
      }),
    );
  });

  it('given the first response is lost after the server stored the batch, when the client retries, then nothing is stored twice', async () => {
    // A proxy on 127.0.0.1 that forwards everything but drops the first answer.
    let requests = 0;
    const proxy: Server = createServer((req, res) => {
      const n = ++requests;
      const upstream = httpRequest(
        `${base}${req.url}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          if (n === 1) {
            answer.resume();
            answer.on('end', () => res.socket?.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as AddressInfo).port;
    try {
      const analytics = client({ host: `http://127.0.0.1:${port}`, flushAt: 3 });
      for (let i = 0; i < 3; i++)
        analytics.track({ userId: 'cust-R', event: 'Checkout Started', timestamp: at(10 + i) });
      await analytics.closeAndFlush({ timeout: 15_000 });
    } finally {
      await new Promise((r) => proxy.close(r));
    }
    expect(requests).toBe(2);
    const stored = await storedData(customerStream('cust-R'));
    expect(stored).toHaveLength(3);
  });

  it('given a wrong write key, then 401 with the usual body', async () => {
    const res = await request(t.server)
      .post('/v1/segment/batch')
      .set(basic('not-a-key'))
      .send({ batch: [] })
      .expect(401);
    expect(res.body).toMatchObject({ error: 'INVALID_API_KEY' });
    // Basic is for the Segment routes only.
    await request(t.server).post('/v1/touchpoints').set(basic(t.keys.ingest)).send({}).expect(401);
  });

  const segmentBatch = (batch: unknown[]) =>
    request(t.server).post('/v1/segment/batch').set(basic(t.keys.ingest)).send({ batch });
  const message = (overrides: Record<string, unknown> = {}) => ({
    type: 'track',
    event: 'Checkout Started',
    userId: 'cust-X',
    messageId: `m-${Math.random()}`,
    timestamp: iso(20),
    ...overrides,
  });

  it('given a bad timestamp, then 400 naming batch[i].timestamp and nothing stored', async () => {
    const res = await segmentBatch([message(), message({ timestamp: 'yesterday' })]).expect(400);
    expect(res.body.error).toBe('INVALID_TOUCHPOINT');
    expect(res.body.details).toEqual([
      expect.objectContaining({ index: 1, field: 'batch[1].timestamp', rule: 'format' }),
    ]);
    const future = await segmentBatch([message({ timestamp: '2999-01-01T00:00:00Z' })]).expect(400);
    expect(future.body.details).toEqual([
      expect.objectContaining({ field: 'batch[0].timestamp', rule: 'notInFuture' }),
    ]);
    expect(await t.store.readStream(customerStream('cust-X'))).toHaveLength(0);
  });

  it('given an event over 32 KB or a batch over 500 KB, then the documented 4xx', async () => {
    const big = message({ properties: { text: 'x'.repeat(33 * 1024) } });
    const res = await segmentBatch([message(), big]).expect(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({ index: 1, field: 'batch[1]', rule: 'maxBytes' }),
    ]);
    const many = Array.from({ length: 20 }, () =>
      message({ properties: { text: 'x'.repeat(30 * 1024) } }),
    );
    const tooLarge = await segmentBatch(many).expect(413);
    expect(tooLarge.body.error).toBe('PAYLOAD_TOO_LARGE');
    expect(await t.store.readStream(customerStream('cust-X'))).toHaveLength(0);
  });

  it('given a changed mapping, then it is a new version used at once; the same again is no new one', async () => {
    const changed = {
      ...MAPPING,
      rules: [
        { match: { kind: 'track', name: 'Late Rule' }, journey: 'purchase', step: 'late' },
        ...MAPPING.rules,
      ],
    };
    const put = () =>
      request(t.server)
        .put('/v1/sources/ingest-test/mapping')
        .set(bearer(t.keys.admin))
        .send(changed);
    expect((await put().expect(200)).body.version).toBe(2);
    expect((await put().expect(200)).body.version).toBe(2);
    await segmentBatch([message({ userId: 'cust-L', event: 'Late Rule' })]).expect(200);
    expect((await storedData(customerStream('cust-L'))).map((e) => e.data)).toEqual([
      expect.objectContaining({ journey: 'purchase', step: 'late', channel: 'web' }),
    ]);
    // Admin may read the unmapped list as well; ingest may not.
    await request(t.server)
      .get('/v1/sources/ingest-test/unmapped')
      .set(bearer(t.keys.admin))
      .expect(200);
    await request(t.server)
      .get('/v1/sources/ingest-test/unmapped')
      .set(bearer(t.keys.ingest))
      .expect(403);
    await request(t.server)
      .put('/v1/sources/ingest-test/mapping')
      .set(bearer(t.keys.ingest))
      .send(changed)
      .expect(403);
  });

  it('given an identify linking an anonymous id someone else has, then 409 naming it, the rest stored', async () => {
    const res = await segmentBatch([
      message({ userId: 'cust-C' }),
      {
        type: 'identify',
        userId: 'cust-C',
        anonymousId: 'anon-A',
        messageId: 'i-c',
        timestamp: iso(22),
      },
    ]).expect(409);
    expect(res.body).toMatchObject({
      error: 'ANONYMOUS_ID_ALREADY_LINKED',
      details: [expect.objectContaining({ index: 1, field: 'batch[1].anonymousId' })],
    });
    expect(await storedData(customerStream('cust-C'))).toHaveLength(1);
  });

  it('given single calls on /track and /identify, then they are stored as in a batch', async () => {
    const res = await request(t.server)
      .post('/v1/segment/track')
      .set(basic(t.keys.ingest))
      .send(message({ userId: 'cust-S', type: undefined }))
      .expect(200);
    expect(res.body).toMatchObject({ success: true, accepted: 1 });
    await request(t.server)
      .post('/v1/segment/identify')
      .set(basic(t.keys.ingest))
      .send({ userId: 'cust-S', anonymousId: 'anon-S', messageId: 'i-1', timestamp: iso(21) })
      .expect(200, { success: true, accepted: 0, duplicates: 0, identified: 1, unmapped: 0 });
  });
});
