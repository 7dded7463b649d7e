import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import request from 'supertest';
import { bearer, startTestApp, TestApp, touchpoint } from './harness';

describe('Logs: one JSON line per event, a request line with reqId and keyId, never the key', () => {
  let t: TestApp;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  beforeAll(async () => (t = await startTestApp({ LOG_LEVEL: 'log' }, { logDestination: sink })));
  afterAll(async () => t?.close());
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('logs the request with its id (the one sent), correlation id and key id, headers redacted', async () => {
    lines.length = 0;
    const res = await request(t.server)
      .post('/v1/touchpoints')
      .set(bearer(t.keys.ingest))
      .set('x-request-id', 'req-log-test-1')
      .set('x-api-key', t.keys.ingest)
      .send({ touchpoints: [touchpoint()] })
      .expect(202);
    expect(res.headers['x-request-id']).toBe('req-log-test-1');
    const done = parsed().find((l) => l.reqId === 'req-log-test-1' && l.res !== undefined);
    expect(done).toMatchObject({
      level: 30,
      msg: 'request completed',
      reqId: 'req-log-test-1',
      correlationId: 'req-log-test-1',
      keyId: expect.stringMatching(/\S/),
      res: { statusCode: 202 },
      req: { headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' } },
    });
    // The key appears nowhere, not even in part (its secret after the id).
    const secret = t.keys.ingest.split('_').pop()!;
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('a generated request id for a request without a sane one, and Nest Logger objects as fields', async () => {
    lines.length = 0;
    const res = await request(t.server)
      .get('/v1/projections')
      .set(bearer(t.keys.read))
      .set('x-request-id', 'not sane: spaces')
      .expect(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(parsed().some((l) => l.reqId === id && l.msg === 'request completed')).toBe(true);
    new Logger('LoggingSpec').warn({ msg: 'an object message', answer: 42 });
    expect(parsed()).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'an object message',
        answer: 42,
        context: 'LoggingSpec',
      }),
    );
  });
});
