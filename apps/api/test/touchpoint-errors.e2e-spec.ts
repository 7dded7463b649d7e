import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';

const NOW = new Date('2026-05-01T12:00:00Z');

describe('POST /v1/touchpoints: bad input is refused whole, with every problem named', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({}, { clock: { now: () => NOW } })));
  afterAll(async () => t?.close());
  const post = (body: unknown) =>
    request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .send(body as object);
  const countEvents = async () =>
    Number((await t.db.pool.query('SELECT count(*) AS n FROM es_events')).rows[0].n);

  // Table-driven: each row breaks one rule of the contract.
  it.each([
    ['id missing', { id: undefined }, 'id', 'required'],
    ['id too long', { id: 'x'.repeat(129) }, 'id', 'length'],
    ['id empty', { id: '' }, 'id', 'length'],
    ['id not a string', { id: 42 }, 'id', 'type'],
    ['neither customer nor anonymous id', { customerId: undefined }, 'customerId', 'exactlyOne'],
    ['both customer and anonymous id', { anonymousId: 'a-1' }, 'customerId', 'exactlyOne'],
    ['customerId too long', { customerId: 'c'.repeat(129) }, 'customerId', 'length'],
    ['journey not a slug', { journey: 'On Boarding' }, 'journey', 'pattern'],
    ['journey too long', { journey: 'a'.repeat(65) }, 'journey', 'pattern'],
    ['step missing', { step: undefined }, 'step', 'required'],
    ['stage too long', { stage: 's'.repeat(65) }, 'stage', 'length'],
    ['unknown channel', { channel: 'fax' }, 'channel', 'enum'],
    ['unknown outcome', { outcome: 'meh' }, 'outcome', 'enum'],
    ['occurredAt without offset', { occurredAt: '2026-05-01T10:00:00' }, 'occurredAt', 'format'],
    ['occurredAt not a date', { occurredAt: 'yesterday' }, 'occurredAt', 'format'],
    ['occurredAt impossible date', { occurredAt: '2026-02-30T10:00:00Z' }, 'occurredAt', 'format'],
    [
      'occurredAt 6 minutes ahead',
      { occurredAt: '2026-05-01T12:06:00Z' },
      'occurredAt',
      'notInFuture',
    ],
    ['durationMs negative', { durationMs: -1 }, 'durationMs', 'min'],
    ['durationMs fractional', { durationMs: 1.5 }, 'durationMs', 'type'],
    ['agentId empty', { agentId: '' }, 'agentId', 'length'],
    ['attributes not an object', { attributes: [1] }, 'attributes', 'attributes'],
    ['attributes nested value', { attributes: { a: { b: 1 } } }, 'attributes', 'attributes'],
    [
      'attributes over 50 keys',
      { attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
      'attributes',
      'attributes',
    ],
    [
      'attributes over 8 KiB',
      { attributes: { big: 'x'.repeat(8200) } },
      'attributes',
      'attributes',
    ],
    ['unknown field', { colour: 'blue' }, 'colour', 'unknownField'],
  ])('%s -> 400 naming %s / %s', async (_, overrides, field, rule) => {
    const res = await post(touchpoint(overrides)).expect(400);
    expect(res.body.error).toBe('INVALID_TOUCHPOINT');
    expect(res.body.details).toContainEqual({ index: 0, field, rule, message: expect.any(String) });
  });

  it('accepts the boundary values', async () => {
    const res = await post(
      touchpoint({
        id: 'x'.repeat(128),
        journey: 'a'.repeat(64),
        occurredAt: '2026-05-01T12:05:00Z',
        durationMs: 0,
        outcome: 'pending',
        attributes: Object.fromEntries(
          Array.from({ length: 50 }, (_, i) => [`k${i}`, i % 2 ? 'v' : true]),
        ),
      }),
    );
    expect(res.status).toBe(202);
  });

  it('lists every problem of every item, and stores none of the batch', async () => {
    const before = await countEvents();
    const res = await post({
      touchpoints: [
        touchpoint({ customerId: 'c-ok' }),
        touchpoint({ channel: 'fax', step: '' }),
        touchpoint({ journey: 'X' }),
      ],
    }).expect(400);
    expect(
      res.body.details.map((d: { index: number; field: string }) => [d.index, d.field]).sort(),
    ).toEqual([
      [1, 'channel'],
      [1, 'step'],
      [2, 'journey'],
    ]);
    expect(await countEvents()).toBe(before);
  });

  it('refuses the same id twice for one customer in one request', async () => {
    const tp = touchpoint();
    const res = await post({ touchpoints: [tp, { ...tp, step: 'other' }] }).expect(400);
    expect(res.body.details).toEqual([
      { index: 1, field: 'id', rule: 'unique', message: expect.stringContaining('item 0') },
    ]);
  });

  it.each([
    ['an empty batch', { touchpoints: [] }, 'touchpoints', 'minItems'],
    [
      'over 1,000 items',
      { touchpoints: Array.from({ length: 1001 }, () => touchpoint()) },
      'touchpoints',
      'maxItems',
    ],
    ['touchpoints not an array', { touchpoints: {} }, 'touchpoints', 'type'],
    [
      'an unknown wrapper field',
      { touchpoints: [touchpoint()], extra: 1 },
      'extra',
      'unknownField',
    ],
  ])('refuses %s', async (_, body, field, rule) => {
    const res = await post(body).expect(400);
    expect(res.body.details).toContainEqual({
      index: null,
      field,
      rule,
      message: expect.any(String),
    });
  });

  it('accepts 1,000 items', async () => {
    const res = await post({
      touchpoints: Array.from({ length: 1000 }, (_, i) =>
        touchpoint({ customerId: `c-${i % 37}` }),
      ),
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1000);
  });

  it('answers malformed JSON with 400 and a JSON body', async () => {
    const res = await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .set('Content-Type', 'application/json')
      .send('{"id": "x",')
      .expect(400);
    expect(res.body).toEqual({
      error: 'INVALID_REQUEST',
      message: expect.stringContaining('Malformed JSON'),
    });
  });

  it('answers a non-JSON content type with 400', async () => {
    const res = await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .set('Content-Type', 'text/plain')
      .send('id=1')
      .expect(400);
    expect(res.body.error).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body over 1 MiB with 413', async () => {
    const big = {
      touchpoints: Array.from({ length: 300 }, () =>
        touchpoint({ attributes: { pad: 'x'.repeat(4000) } }),
      ),
    };
    const res = await post(big).expect(413);
    expect(res.body.error).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a JSON body that is not an object with 400', async () => {
    const res = await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .set('Content-Type', 'application/json')
      .send('[1,2]')
      .expect(400);
    expect(res.body.error).toBe('INVALID_TOUCHPOINT');
  });
});
