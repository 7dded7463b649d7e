import { createServer, connect, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { to as copyTo } from 'pg-copy-streams';
import { createTestDatabase, TestDatabase } from '../../../test/test-database';
import { isStoreUnavailable } from './connection-errors';
import { createPool, QueryDeadline } from './pool';

const armed = (ms: number) => {
  const deadline = new QueryDeadline(ms);
  deadline.arm();
  return deadline;
};

/** A TCP relay to the test server on 127.0.0.1 that can stop relaying: a paused (SIGSTOP) server. */
async function freezableRelay(target: URL) {
  const pairs: Socket[][] = [];
  let frozen = false;
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.pipe(upstream).pipe(client);
    const pair = [client, upstream];
    pair.forEach((s) => s.on('error', () => pair.forEach((o) => o.destroy())));
    if (frozen) pair.forEach((s) => s.pause());
    pairs.push(pair);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = new URL(target.href);
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.href,
    freeze: () => ((frozen = true), pairs.flat().forEach((s) => s.pause())),
    thaw: () => ((frozen = false), pairs.flat().forEach((s) => s.resume())),
    close: async () => {
      pairs.flat().forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
    },
  };
}

describe('query deadline (a server that stops answering)', () => {
  let db: TestDatabase;
  let relay: Awaited<ReturnType<typeof freezableRelay>>;
  beforeAll(async () => (db = await createTestDatabase(2)));
  beforeEach(async () => (relay = await freezableRelay(new URL(db.url))));
  afterEach(async () => relay.close());
  afterAll(async () => db?.drop());

  it('given a paused server, then a query on an open connection fails as store-unavailable at its deadline, and the pool serves again once the server answers', async () => {
    const pool = createPool({ connectionString: relay.url, max: 1, queryDeadline: armed(400) });
    try {
      await pool.query('SELECT 1');
      relay.freeze();

      const err = await pool.query('SELECT 2').catch((e: unknown) => e);

      expect(err).toBeInstanceOf(Error);
      expect(isStoreUnavailable(err)).toBe(true);
      relay.thaw();
      const { rows } = await pool.query<{ n: number }>('SELECT 3 AS n');
      expect(rows).toEqual([{ n: 3 }]);
    } finally {
      await pool.end();
    }
  });

  it('given a deadline not armed yet (the process starting), then the same query waits for as long as the server is paused', async () => {
    const pool = createPool({
      connectionString: relay.url,
      max: 1,
      queryDeadline: new QueryDeadline(400),
    });
    try {
      await pool.query('SELECT 1');
      relay.freeze();
      let settled = false;
      const pending = pool.query<{ n: number }>('SELECT 2 AS n').finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 1000));
      expect(settled).toBe(false);
      relay.thaw();
      expect((await pending).rows).toEqual([{ n: 2 }]);
    } finally {
      await pool.end();
    }
  });

  it('given a COPY stream longer than the deadline, then it is not cut (exports and rebuilds stream for minutes)', async () => {
    const pool = createPool({ connectionString: relay.url, max: 1, queryDeadline: armed(200) });
    const client = await pool.connect();
    try {
      let out = '';
      const sink = new Writable({ write: (c: Buffer, _e, done) => ((out += c), done()) });
      await pipeline(client.query(copyTo('COPY (SELECT pg_sleep(0.6), 7) TO STDOUT')), sink);
      expect(out).toBe('\t7\n');
      await expect(client.query('SELECT pg_sleep(0.6)')).rejects.toThrow();
    } finally {
      client.release(true);
      await pool.end();
    }
  });
});
