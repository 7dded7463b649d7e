import { ConfigError, loadEnvironment, StoreEnvironment } from './store-config';

describe('StoreEnvironment', () => {
  it('defaults to the embedded PostgreSQL store', () => {
    const env = loadEnvironment(StoreEnvironment, {});
    expect(env).toMatchObject({
      EVENT_STORE: 'postgres',
      EMBEDDED_PG_DIR: './.data',
      EMBEDDED_PG_PORT: 54329,
      PG_POOL_SIZE: 20,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('reads and converts given values', () => {
    const env = loadEnvironment(StoreEnvironment, {
      DATABASE_URL: 'postgres://u:p@db:5432/journey',
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      EMBEDDED_PG_PORT: '6000',
    });
    expect(env).toMatchObject({ EVENT_STORE: 'eventstoredb', EMBEDDED_PG_PORT: 6000 });
  });

  it.each([
    [{ EVENT_STORE: 'mongo' }, 'EVENT_STORE="mongo": must be "postgres" or "eventstoredb"'],
    [
      { EVENT_STORE: 'eventstoredb' },
      'EVENTSTORE_CONNECTION_STRING=undefined: must be an esdb:// connection string',
    ],
    [
      { DATABASE_URL: 'mysql://x' },
      'DATABASE_URL="mysql://x": must be a postgres:// connection URL',
    ],
    [{ EMBEDDED_PG_PORT: '70000' }, 'EMBEDDED_PG_PORT="70000": must be between 1 and 65535'],
    [{ EMBEDDED_PG_PORT: 'abc' }, 'EMBEDDED_PG_PORT="abc": must be an integer port'],
    [{ PG_POOL_SIZE: '1' }, 'PG_POOL_SIZE="1": must be between 2 and 500'],
  ])('rejects %o naming the variable', (values, message) => {
    expect(() => loadEnvironment(StoreEnvironment, values)).toThrow(ConfigError);
    expect(() => loadEnvironment(StoreEnvironment, values)).toThrow(message);
  });

  it('lists every problem at once', () => {
    try {
      loadEnvironment(StoreEnvironment, { EVENT_STORE: 'x', PG_POOL_SIZE: 'y' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'EVENT_STORE="x": must be "postgres" or "eventstoredb"',
        'PG_POOL_SIZE="y": must be an integer',
      ]);
    }
  });
});
