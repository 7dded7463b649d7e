import { isStoreUnavailable } from './connection-errors';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isStoreUnavailable: database down, shutting down, read-only or full', () => {
  it.each([
    ['refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['reset', withCode('ECONNRESET')],
    ['admin shutdown (pg_terminate_backend, fast stop)', withCode('57P01')],
    ['cannot connect now (starting up)', withCode('57P03')],
    ['connection exception class 08', withCode('08006')],
    ['read-only transaction', withCode('25006')],
    ['disk full', withCode('53100')],
    ['too many connections', withCode('53300')],
    ['a connection the server closed', new Error('Connection terminated unexpectedly')],
    ['the client connect timeout', new Error('Connection terminated due to connection timeout')],
    ['the pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a dead client', new Error('Client has encountered a connection error and is not queryable')],
    [
      'TypeORM wrapping',
      Object.assign(new Error('query failed'), { driverError: withCode('ECONNREFUSED') }),
    ],
    ['a cause', new Error('outer', { cause: withCode('57P01') })],
    ['both addresses of a name', new AggregateError([withCode('ECONNREFUSED')], 'connect')],
  ])('%s', (_name, err) => expect(isStoreUnavailable(err)).toBe(true));

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['an invalid text value', withCode('22P02')],
    ['a plain error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
  ])('not %s', (_name, err) => expect(isStoreUnavailable(err)).toBe(false));
});
