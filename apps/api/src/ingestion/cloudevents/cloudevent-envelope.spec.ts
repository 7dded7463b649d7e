import { readEnvelope } from './cloudevent-envelope';

const valid = {
  specversion: '1.0',
  id: 'evt-1',
  source: '/shop/checkout',
  type: 'com.example.checkout.started',
  time: '2026-05-01T10:00:00Z',
  subject: 'c-1',
  data: { cart: 3 },
};
const without = (name: keyof typeof valid) => {
  const copy: Record<string, unknown> = { ...valid };
  delete copy[name];
  return copy;
};
const problemsOf = (envelope: unknown, path = '[2]') =>
  readEnvelope(envelope, 2, path).problems.map((p) => [p.field, p.rule]);

describe('readEnvelope: one CloudEvent in its JSON form', () => {
  it('given a valid event, when read, then it is the ExternalEvent the seam expects', () => {
    const { event, problems } = readEnvelope(valid, 2, '[2]');
    expect(problems).toEqual([]);
    expect(event).toEqual({
      index: 2,
      path: '[2]',
      kind: 'cloudevent',
      idempotencyKey: '["/shop/checkout","evt-1"]',
      name: 'com.example.checkout.started',
      customerId: 'c-1',
      anonymousId: null,
      occurredAt: '2026-05-01T10:00:00Z',
      properties: { cart: 3 },
      channelHint: null,
    });
  });

  it.each(['id', 'source', 'specversion', 'type'] as const)(
    'given %s missing, then it is required, named with the position',
    (name) => expect(problemsOf(without(name))).toEqual([[`[2].${name}`, 'required']]),
  );

  it.each([
    ['specversion 0.3', { specversion: '0.3' }, '[2].specversion', 'enum'],
    ['specversion a number', { specversion: 1.0 }, '[2].specversion', 'type'],
    ['id empty', { id: '' }, '[2].id', 'length'],
    ['id a number', { id: 7 }, '[2].id', 'type'],
    ['source with a space', { source: 'my source' }, '[2].source', 'format'],
    ['time without seconds', { time: '2026-05-01T10:00Z' }, '[2].time', 'format'],
    ['time without offset', { time: '2026-05-01T10:00:00' }, '[2].time', 'format'],
    ['time an impossible day', { time: '2026-02-30T10:00:00Z' }, '[2].time', 'format'],
    ['time not a date', { time: 'yesterday' }, '[2].time', 'format'],
    ['dataschema relative', { dataschema: '/schemas/x' }, '[2].dataschema', 'format'],
    ['datacontenttype XML', { datacontenttype: 'application/xml' }, '[2].datacontenttype', 'json'],
    ['datacontenttype no media type', { datacontenttype: 'json' }, '[2].datacontenttype', 'format'],
    ['extension with upper case', { customerId: 'c-1' }, '[2].customerId', 'extensionName'],
    ['extension with _', { customer_id: 'c-1' }, '[2].customer_id', 'extensionName'],
    [
      'extension of 21 chars',
      { abcdefghijklmnopqrstu: 1 },
      '[2].abcdefghijklmnopqrstu',
      'extensionName',
    ],
    ['extension an object', { region: { a: 1 } }, '[2].region', 'type'],
    ['extension a fraction', { weight: 1.5 }, '[2].weight', 'type'],
    ['customerid a number', { customerid: 42 }, '[2].customerid', 'type'],
    ['data a string', { data: 'hello' }, '[2].data', 'type'],
    ['data an array', { data: [1, 2] }, '[2].data', 'type'],
    ['binary data', { data: undefined, data_base64: 'aGk=' }, '[2].data_base64', 'json'],
    ['a NUL in data', { data: { note: 'a\u0000b' } }, '[2].data.note', 'charset'],
  ])('given %s, then that field and rule are named', (_, change, field, rule) =>
    expect(problemsOf({ ...valid, ...change })).toEqual([[field, rule]]),
  );

  it('given no time, then time is required (a touchpoint needs occurredAt)', () =>
    expect(problemsOf(without('time'))).toEqual([['[2].time', 'required']]));

  it('given no customer at all, then subject is required', () =>
    expect(problemsOf(without('subject'))).toEqual([['[2].subject', 'required']]));

  it('given a non-object, then the item itself is named', () =>
    expect(problemsOf('an event')).toEqual([['[2]', 'type']]));

  it('given a single event (path ""), then fields are not prefixed', () =>
    expect(problemsOf(without('id'), '')).toEqual([['id', 'required']]));

  it('given every problem at once, then all are listed', () =>
    expect(problemsOf({ data: 5 }).map(([f]) => f)).toEqual(
      expect.arrayContaining(['[2].id', '[2].source', '[2].specversion', '[2].type', '[2].data']),
    ));

  it('given customerid and subject, then customerid is the customer (subject may be a resource)', () =>
    expect(readEnvelope({ ...valid, customerid: 'c-9' }, 0, '').event).toMatchObject({
      customerId: 'c-9',
      anonymousId: null,
    }));

  it('given only anonymousid, then subject is not read as a customer', () =>
    expect(readEnvelope({ ...valid, anonymousid: 'a-1' }, 0, '').event).toMatchObject({
      customerId: null,
      anonymousId: 'a-1',
    }));

  it('given lower-case t and z, an offset, a channel and nulls, then they are read', () =>
    expect(
      readEnvelope(
        {
          ...valid,
          time: '2026-05-01t12:00:00.5+02:00',
          channel: 'web',
          data: null,
          dataschema: null,
        },
        0,
        '',
      ).event,
    ).toMatchObject({
      occurredAt: '2026-05-01T12:00:00.5+02:00',
      channelHint: 'web',
      properties: {},
    }));

  it('given source and id with the separator inside, then the keys still differ', () => {
    const a = readEnvelope({ ...valid, source: 'a', id: 'b","c' }, 0, '').event;
    const b = readEnvelope({ ...valid, source: 'a","b', id: 'c' }, 0, '').event;
    expect(a?.idempotencyKey).not.toEqual(b?.idempotencyKey);
  });
});
