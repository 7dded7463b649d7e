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
  /** The bytes as they are (supertest would send a Buffer as JSON of its fields). */
  const postBytes = async (bytes: Buffer, headers: Record<string, string> = {}) => {
    const req = request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .set({ 'Content-Type': 'application/json', ...headers });
    req.write(bytes);
    return req;
  };
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
    ['durationMs beyond 2^53', { durationMs: 2 ** 53 + 2 }, 'durationMs', 'max'],
    ['durationMs not a number', { durationMs: true }, 'durationMs', 'type'],
    ['occurredAt before 1970', { occurredAt: '1969-12-31T23:59:59Z' }, 'occurredAt', 'min'],
    // Year 0001 at +00:01 is year 0 in UTC: it once stalled the projector (PostgreSQL refused it).
    ['occurredAt in year 0', { occurredAt: '0001-01-01T00:00:00+00:01' }, 'occurredAt', 'min'],
    ['id with a NUL', { id: 'a\u0000b' }, 'id', 'charset'],
    ['step with a lone surrogate', { step: 'x\ud800' }, 'step', 'charset'],
    ['attribute value with a NUL', { attributes: { a: '\u0000' } }, 'attributes.a', 'charset'],
    // Read models decrypt what looks encrypted: a copied ciphertext must not get in that way.
    [
      'attribute value shaped as encrypted',
      { attributes: { email: `enc:v1:${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}:x:y:z` } },
      'attributes.email',
      'reserved',
    ],
    ['agentId shaped as encrypted', { agentId: 'enc:v2:anything' }, 'agentId', 'reserved'],
    ['attributes not an object', { attributes: [1] }, 'attributes', 'type'],
    ['attributes nested value', { attributes: { a: { b: 1 } } }, 'attributes.a', 'valueType'],
    [
      'attributes over 50 keys',
      { attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
      'attributes',
      'maxKeys',
    ],
    ['attributes over 8 KiB', { attributes: { big: 'x'.repeat(8200) } }, 'attributes', 'maxBytes'],
    ['attribute key empty', { attributes: { '': 1 } }, 'attributes.', 'keyLength'],
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

  it('names only the telling rule of a field: a missing one is required, a mistyped one a type', async () => {
    const res = await post(touchpoint({ id: undefined, durationMs: '100' })).expect(400);
    expect(res.body.details).toEqual([
      { index: 0, field: 'id', rule: 'required', message: expect.any(String) },
      { index: 0, field: 'durationMs', rule: 'type', message: expect.any(String) },
    ]);
  });

  it('lists every problem of the attributes, each under its key', async () => {
    const res = await post(touchpoint({ attributes: { a: {}, b: null, '': 1, ok: 2 } })).expect(
      400,
    );
    expect(res.body.details.map((d: { field: string; rule: string }) => [d.field, d.rule])).toEqual(
      [
        ['attributes.a', 'valueType'],
        ['attributes.b', 'valueType'],
        ['attributes.', 'keyLength'],
      ],
    );
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

  it.each(['null', '5', '"x"'])(
    'answers the JSON body %s with 400 naming the body as no object',
    async (body) => {
      const res = await request(t.server)
        .post('/v1/touchpoints')
        .set(bearer(t.keys.ingest))
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(400);
      expect(res.body.details).toEqual([
        {
          index: null,
          field: '',
          rule: 'type',
          message: expect.stringContaining('touchpoint object'),
        },
      ]);
    },
  );

  it('refuses a body that is not UTF-8 instead of storing replacement characters', async () => {
    const before = await countEvents();
    // A 0xff byte inside the id: never valid in UTF-8.
    const [head, tail] = JSON.stringify(touchpoint({ id: 'ct-MARK' })).split('MARK');
    const body = Buffer.concat([Buffer.from(head), Buffer.from([0xff]), Buffer.from(tail)]);
    const res = await postBytes(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'INVALID_REQUEST',
      message: expect.stringContaining('UTF-8'),
    });
    expect(await countEvents()).toBe(before);
  });

  it.each([
    ['an unsupported Content-Encoding', 'compress', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a corrupt gzip body', 'gzip', 400, 'INVALID_REQUEST'],
    ['a corrupt brotli body', 'br', 400, 'INVALID_REQUEST'],
  ])('answers %s with a JSON error', async (_, encoding, status, error) => {
    const res = await postBytes(Buffer.from('not compressed at all'), {
      'Content-Encoding': encoding,
    });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error, message: expect.any(String) });
  });

  it('answers an unknown route with 404 in the same JSON shape as every error', async () => {
    const res = await request(t.server).get('/v1/nowhere').set(bearer(t.keys.ingest)).expect(404);
    expect(res.body).toEqual({ error: 'NOT_FOUND', message: expect.any(String) });
  });

  it('answers a path parameter PostgreSQL cannot store with 400, not a server error', async () => {
    const res = await request(t.server)
      .get('/v1/customers/a%00b/journeys')
      .set(bearer(t.keys.all))
      .expect(400);
    expect(res.body).toMatchObject({
      error: 'INVALID_REQUEST',
      details: [{ field: 'customerId', rule: 'charset' }],
    });
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
