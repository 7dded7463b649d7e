import { FieldProblem, ValidationFailedError } from '../../common/app-error';
import { BATCH_TYPE, readCloudEvents, STRUCTURED_TYPE } from './cloudevents-request';

const event = (id: string, more: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id,
  source: '/shop',
  type: 'checkout.started',
  time: '2026-05-01T10:00:00Z',
  subject: 'c-1',
  ...more,
});
const binaryHeaders = {
  'ce-specversion': '1.0',
  'ce-id': 'evt-9',
  'ce-source': '/shop',
  'ce-type': 'checkout.started',
  'ce-time': '2026-05-01T10:00:00Z',
  'ce-customerid': 'c%C3%A9-1',
};

/** The problems a request is refused with (and that it is refused). */
function refusal(headers: Record<string, string>, body: unknown, hasBody = true): string[][] {
  try {
    readCloudEvents({ headers, body, hasBody });
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationFailedError);
    expect((e as ValidationFailedError).code).toBe('INVALID_CLOUDEVENT');
    return (e as ValidationFailedError).problems.map((p: FieldProblem) => [
      String(p.index),
      p.field,
      p.rule,
    ]);
  }
  throw new Error('the request was not refused');
}

describe('readCloudEvents: the three modes of the HTTP binding', () => {
  it('given structured mode, then the body is the one event, at path ""', () => {
    const [e, ...rest] = readCloudEvents({
      headers: { 'content-type': `${STRUCTURED_TYPE}; charset=utf-8`, 'ce-id': 'ignored' },
      body: event('evt-1'),
      hasBody: true,
    });
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ index: 0, path: '', idempotencyKey: '["/shop","evt-1"]' });
  });

  it('given a batch, then each item keeps its index and path', () => {
    const events = readCloudEvents({
      headers: { 'content-type': BATCH_TYPE },
      body: [event('a'), event('b')],
      hasBody: true,
    });
    expect(events.map((e) => [e.index, e.path, e.idempotencyKey])).toEqual([
      [0, '[0]', '["/shop","a"]'],
      [1, '[1]', '["/shop","b"]'],
    ]);
  });

  it('given a batch with one bad item, then the whole request is refused naming its index', () =>
    expect(
      refusal({ 'content-type': BATCH_TYPE }, [
        event('a'),
        event('b'),
        event('c', { specversion: '0.3' }),
      ]),
    ).toEqual([['2', '[2].specversion', 'enum']]));

  it('given a batch repeating source + id, then the repeat is named', () =>
    expect(refusal({ 'content-type': BATCH_TYPE }, [event('a'), event('a')])).toEqual([
      ['1', '[1].id', 'unique'],
    ]));

  it.each([
    ['not an array', event('a'), 'type'],
    ['empty', [], 'minItems'],
    ['over 1,000 events', Array.from({ length: 1001 }, (_, i) => event(`e${i}`)), 'maxItems'],
  ])('given a batch %s, then the body is refused as a whole', (_, body, rule) =>
    expect(refusal({ 'content-type': BATCH_TYPE }, body)).toEqual([['null', '', rule]]),
  );

  it('given binary mode, then ce-* headers are the attributes (percent-decoded), the body the data', () => {
    const [e] = readCloudEvents({
      headers: { ...binaryHeaders, 'content-type': 'application/json' },
      body: { cart: 3 },
      hasBody: true,
    });
    expect(e).toMatchObject({
      index: 0,
      path: '',
      name: 'checkout.started',
      idempotencyKey: '["/shop","evt-9"]',
      customerId: 'cé-1',
      occurredAt: '2026-05-01T10:00:00Z',
      properties: { cart: 3 },
    });
  });

  it('given binary mode without a body, then the properties are empty', () =>
    expect(readCloudEvents({ headers: binaryHeaders, body: undefined, hasBody: false })).toEqual([
      expect.objectContaining({ properties: {} }),
    ]));

  it.each([
    ['non-JSON data', { 'content-type': 'text/plain' }, [['0', 'datacontenttype', 'json']]],
    ['a missing ce-id', { 'ce-id': undefined }, [['0', 'id', 'required']]],
    ['a bad ce-time', { 'ce-time': 'now' }, [['0', 'time', 'format']]],
    ['a malformed escape', { 'ce-customerid': 'c%zz' }, [['0', 'customerid', 'encoding']]],
    [
      'ce-datacontenttype',
      { 'ce-datacontenttype': 'application/json' },
      [['0', 'datacontenttype', 'binaryMode']],
    ],
  ])('given binary mode with %s, then that attribute is named', (_, change, expected) => {
    const headers = { ...binaryHeaders, 'content-type': 'application/json', ...change };
    for (const [k, v] of Object.entries(headers)) if (v === undefined) delete headers[k as 'ce-id'];
    expect(refusal(headers as Record<string, string>, { cart: 1 })).toEqual(expected);
  });

  it.each([
    ['plain JSON without ce-* headers', { 'content-type': 'application/json' }, 'mode'],
    ['another event format', { 'content-type': 'application/cloudevents+avro' }, 'format'],
  ])('given %s, then the content-type is named', (_, headers, rule) =>
    expect(refusal(headers, event('a'))).toEqual([['null', 'content-type', rule]]),
  );
});
