import request from 'supertest';
import { MAX_JSON_DEPTH } from '../src/common/json-depth';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';

/** `levels` arrays (or objects) around a string: 10,000 once overflowed the stack (a 500). */
const arrays = (levels: number): string => '['.repeat(levels) + '"x"' + ']'.repeat(levels);
const objects = (levels: number): string => '{"a":'.repeat(levels) + '"x"' + '}'.repeat(levels);
const DEEP = 10_000;

describe('Bodies nested too deeply are a 400 naming the field and the rule "depth"', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ RATE_LIMIT_PER_SECOND: '0' })));
  afterAll(async () => t?.close());

  /** The body as written (a string), with the content type the route takes. */
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    request(t.server)
      .post(path)
      .set(bearer(t.keys.all))
      .set({ 'Content-Type': 'application/json', ...headers })
      .send(body);
  const tp = (field: string, raw: string) =>
    JSON.stringify({ touchpoints: [touchpoint({ [field]: '§' })] }).replace('"§"', raw);
  const expectDepth = (res: request.Response, field: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INVALID_REQUEST');
    expect(res.body.details).toEqual([expect.objectContaining({ rule: 'depth' })]);
    expect(res.body.details[0].field).toMatch(field);
  };

  it.each([
    ['arrays in a field', tp('id', arrays(DEEP)), /^touchpoints\.0\.id(\.0)+$/],
    ['objects in a field', tp('id', objects(DEEP)), /^touchpoints\.0\.id(\.a)+$/],
    [
      'arrays in attributes',
      tp('attributes', `{"k":${arrays(DEEP)}}`),
      /^touchpoints\.0\.attributes\.k(\.0)+$/,
    ],
    ['objects as the whole body', objects(DEEP), /^a(\.a)+$/],
  ])('/v1/touchpoints: %s', async (_name, body, field) => {
    expectDepth(await post('/v1/touchpoints', body), field);
  });

  it('lets a body of exactly the limit through to the usual validation', async () => {
    const within = tp('id', arrays(MAX_JSON_DEPTH - 3));
    const res = await post('/v1/touchpoints', within);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({ index: 0, field: 'id', rule: 'type' }),
    ]);
  });

  it('/v1/segment/track, /v1/cloudevents (structured and batch), /v1/feedback', async () => {
    const track = `{"type":"track","event":"x","userId":"c-1","properties":{"p":${arrays(DEEP)}}}`;
    expectDepth(await post('/v1/segment/track', track), /^properties\.p(\.0)+$/);
    const ce = `{"specversion":"1.0","id":"1","source":"/s","type":"t","data":${objects(DEEP)}}`;
    expectDepth(
      await post('/v1/cloudevents', ce, { 'Content-Type': 'application/cloudevents+json' }),
      /^data(\.a)+$/,
    );
    expectDepth(
      await post('/v1/cloudevents', `[${ce}]`, {
        'Content-Type': 'application/cloudevents-batch+json',
      }),
      /^0\.data(\.a)+$/,
    );
    expectDepth(await post('/v1/feedback', arrays(DEEP)), /^0(\.0)+$/);
    const stored = await t.db.pool.query('SELECT count(*)::int AS n FROM es_events');
    expect(stored.rows[0].n).toBe(0);
  });
});
