import { AddressInfo } from 'node:net';
import { CloudEvent, emitterFor, HTTP, httpTransport, Message, Mode } from 'cloudevents';
import { bearer, startTestApp, TestApp } from './harness';
import { RecordingIngestion, withIngestion } from './recording-ingestion';

const event = (id: string, more: Record<string, unknown> = {}) =>
  new CloudEvent({
    id,
    source: '/shop/web',
    type: 'com.example.checkout.started',
    time: '2026-05-01T10:00:00Z',
    subject: 'c-1',
    data: { cart: 3, currency: 'EUR' },
    ...more,
  });
/**
 * A structured message as sent, for envelopes the SDK would not send (it refuses to build some,
 * and rewrites any time Date can parse, e.g. "1 May 2026", as ISO).
 */
const raw = (fields: Record<string, unknown>): Message => ({
  headers: { 'content-type': 'application/cloudevents+json' },
  body: JSON.stringify(fields),
});

describe('POST /v1/cloudevents: the cloudevents SDK against the running API (seam test double)', () => {
  let t: TestApp;
  let url: string;
  const ingestion = new RecordingIngestion();

  /** The SDK's serialized message, posted with fetch (its own transport hides the status). */
  const post = async (message: Message, key: string | null = t.keys.ingest) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...(message.headers as Record<string, string>), ...(key ? bearer(key) : {}) },
      body: message.body as string,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const batch = (events: unknown[]): Message => ({
    headers: { 'content-type': 'application/cloudevents-batch+json' },
    body: JSON.stringify(events),
  });
  const problems = (body: Record<string, unknown>) =>
    (body.details as { index: number | null; field: string; rule: string }[]).map((p) => [
      p.index,
      p.field,
      p.rule,
    ]);

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' }, { factory: withIngestion(ingestion) });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}/v1/cloudevents`;
  });
  afterAll(async () => t?.close());
  beforeEach(() => {
    ingestion.calls.length = 0;
    ingestion.result = { accepted: 1, duplicates: 0, identified: 0, unmapped: 0 };
  });

  it('given the emitter in structured mode, when it emits, then the event reaches the seam and 202 carries its result', async () => {
    ingestion.result = { accepted: 1, duplicates: 0, identified: 0, unmapped: 0 };
    const emit = emitterFor(httpTransport(url), { mode: Mode.STRUCTURED });
    const response = (await emit(event('evt-1', { channel: 'web' }), {
      headers: bearer(t.keys.ingest),
    })) as { body: string };
    expect(JSON.parse(response.body)).toEqual(ingestion.result);
    expect(ingestion.calls).toHaveLength(1);
    expect(ingestion.calls[0].context.caller).toBe('ingest-test'); // the source mapping's name
    expect(ingestion.events).toEqual([
      {
        index: 0,
        path: '',
        kind: 'cloudevent',
        idempotencyKey: '["/shop/web","evt-1"]',
        name: 'com.example.checkout.started',
        customerId: 'c-1',
        anonymousId: null,
        occurredAt: '2026-05-01T10:00:00.000Z',
        properties: { cart: 3, currency: 'EUR' },
        channelHint: 'web',
      },
    ]);
  });

  it('given the emitter in binary mode, when it emits, then ce-* headers and the JSON body reach the seam', async () => {
    const emit = emitterFor(httpTransport(url), { mode: Mode.BINARY });
    await emit(event('evt-2', { customerid: 'c-7', subject: 'order-9' }), {
      headers: bearer(t.keys.ingest),
    });
    expect(ingestion.events).toEqual([
      expect.objectContaining({
        idempotencyKey: '["/shop/web","evt-2"]',
        customerId: 'c-7', // the customerid extension before subject
        occurredAt: '2026-05-01T10:00:00.000Z',
        properties: { cart: 3, currency: 'EUR' },
      }),
    ]);
  });

  it('given a batch of SDK events, when posted, then each reaches the seam with its index, in one call', async () => {
    ingestion.result = { accepted: 1, duplicates: 1, identified: 0, unmapped: 1 };
    const events = [
      event('b-1'),
      event('b-2', { subject: undefined, anonymousid: 'anon-1' }),
      event('b-3'),
    ];
    // SDK 10's emitter has no batch mode: its transport sends the batch message we build.
    const response = (await httpTransport(url)(batch(events), {
      headers: bearer(t.keys.ingest),
    })) as { body: string };
    expect(JSON.parse(response.body)).toEqual(ingestion.result);
    expect(ingestion.calls).toHaveLength(1);
    expect(ingestion.events.map((e) => [e.index, e.path, e.customerId, e.anonymousId])).toEqual([
      [0, '[0]', 'c-1', null],
      [1, '[1]', null, 'anon-1'],
      [2, '[2]', 'c-1', null],
    ]);
  });

  it('given structured and binary messages from the SDK, then both answer 202', async () => {
    expect((await post(HTTP.structured(event('s-1')))).status).toBe(202);
    expect((await post(HTTP.binary(event('s-2')))).status).toBe(202);
    expect(ingestion.calls).toHaveLength(2);
  });

  it.each([
    ['a bad specversion', { specversion: '0.3' }, [[0, 'specversion', 'enum']]],
    ['a bad extension name', { customer_id: 'c-1' }, [[0, 'customer_id', 'extensionName']]],
    ['a bad time', { time: '1 May 2026' }, [[0, 'time', 'format']]],
    ['non-object data', { data: 'hello' }, [[0, 'data', 'type']]],
  ])(
    'given a structured event with %s, then 400 INVALID_CLOUDEVENT names the field, and nothing reaches the seam',
    async (_, change, expected) => {
      const { status, body } = await post(raw({ ...event('x').toJSON(), ...change }));
      expect(status).toBe(400);
      expect(body.error).toBe('INVALID_CLOUDEVENT');
      expect(problems(body)).toEqual(expected);
      expect(ingestion.calls).toEqual([]);
    },
  );

  it('given a batch with one bad item, then 400 names its index and field, and no event reaches the seam', async () => {
    const bad = { ...event('b-2').toJSON(), id: undefined, specversion: '2.0' };
    const { status, body } = await post(batch([event('b-1'), bad, event('b-3')]));
    expect(status).toBe(400);
    expect(problems(body)).toEqual([
      [1, '[1].id', 'required'],
      [1, '[1].specversion', 'enum'],
    ]);
    expect(ingestion.calls).toEqual([]);
  });

  it('given binary mode with text data, then 400 names datacontenttype (data must be JSON)', async () => {
    const { status, body } = await post(
      HTTP.binary(event('t-1', { datacontenttype: 'text/plain', data: 'hello' })),
    );
    expect(status).toBe(400);
    expect(problems(body)).toEqual([[0, 'datacontenttype', 'json']]);
  });

  it('given more than 1,000 events or 1 MiB, then 400 maxItems and 413', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => event(`m-${i}`));
    expect(problems((await post(batch(many))).body)).toEqual([[null, '', 'maxItems']]);
    const big = event('big', { data: { text: 'x'.repeat(1024 * 1024) } });
    const { status, body } = await post(HTTP.structured(big));
    expect([status, body.error]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(ingestion.calls).toEqual([]);
  });

  it('given no key, a wrong key, or a key without the ingest scope, then 401, 401 and 403', async () => {
    const message = HTTP.structured(event('k-1'));
    expect((await post(message, null)).status).toBe(401);
    expect((await post(message, 'not-a-key')).body.error).toBe('INVALID_API_KEY');
    const forbidden = await post(message, t.keys.read);
    expect([forbidden.status, forbidden.body.error]).toEqual([403, 'FORBIDDEN_SCOPE']);
    expect(ingestion.calls).toEqual([]);
  });

  it('given a +json body on a native endpoint, then it is still refused there (the exemption is this route only)', async () => {
    const res = await fetch(url.replace('/v1/cloudevents', '/v1/touchpoints'), {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', ...bearer(t.keys.ingest) },
      body: event('n-1').toString(),
    });
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([
      400,
      'UNSUPPORTED_MEDIA_TYPE',
    ]);
  });

  it('given the OpenAPI document, then it describes the endpoint and its media types', async () => {
    const doc = (await (
      await fetch(url.replace('/v1/cloudevents', '/docs/openapi.json'))
    ).json()) as {
      paths: Record<string, { post: { responses: object; requestBody: { content: object } } }>;
    };
    const op = doc.paths['/v1/cloudevents'].post;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['202', '400', '401', '403']));
    expect(Object.keys(op.requestBody.content)).toEqual(
      expect.arrayContaining([
        'application/cloudevents+json',
        'application/cloudevents-batch+json',
      ]),
    );
  });
});
