import { gzipSync } from 'node:zlib';
import { Check } from './checks';
import { head, rawRequest, RawAnswer } from './raw-http';

interface HostileCase {
  readonly name: string;
  /** The answers the issue demands; anything else fails the step. */
  readonly expected: readonly (number | 'closed')[];
  send(port: number, key: string): Promise<RawAnswer>;
}

const tp = (extra: Record<string, unknown> = {}) => ({
  id: 'hostile-1',
  customerId: 'hostile-c',
  journey: 'loan',
  step: 'apply',
  channel: 'web',
  occurredAt: '2026-05-01T10:00:00Z',
  ...extra,
});

function post(port: number, key: string, body: Buffer, headers: Record<string, string> = {}) {
  const h = head('POST', '/v1/touchpoints', {
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
    'content-length': body.length,
    ...headers,
  });
  return rawRequest(port, Buffer.concat([Buffer.from(h), body]));
}

const CASES: HostileCase[] = [
  {
    name: 'gzip bomb (64 MiB of JSON whitespace in 64 KiB)',
    expected: [413],
    send: (port, key) =>
      post(port, key, gzipSync(Buffer.alloc(64 * 2 ** 20, ' ')), { 'content-encoding': 'gzip' }),
  },
  {
    name: '10,000-level nesting',
    expected: [400],
    send: (port, key) =>
      post(port, key, Buffer.from(`{"touchpoints":[${'['.repeat(10_000)}${']'.repeat(10_000)}]}`)),
  },
  {
    name: '900 KB string',
    expected: [400],
    send: (port, key) =>
      post(port, key, Buffer.from(JSON.stringify(tp({ step: 'x'.repeat(900_000) })))),
  },
  {
    name: 'invalid UTF-8',
    expected: [400],
    send: (port, key) =>
      post(
        port,
        key,
        Buffer.concat([
          Buffer.from('{"id":"bad-utf8","step":"'),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('"}'),
        ]),
      ),
  },
  {
    name: 'Content-Length longer than the body',
    expected: [400, 408, 'closed'],
    send: (port, key) => {
      const body = '{"id":"x"';
      const h = head('POST', '/v1/touchpoints', {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-length': 100_000,
      });
      // The client stops sending and hangs up: the server must let go of the request.
      return rawRequest(port, h + body, {
        timeoutMs: 3_000,
        then: (s) => setTimeout(() => s.end(), 1_000),
      });
    },
  },
  {
    name: 'Content-Length shorter than the body',
    expected: [400],
    send: (port, key) => {
      const body = JSON.stringify(tp());
      const h = head('POST', '/v1/touchpoints', {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-length': 10,
      });
      return rawRequest(port, h + body);
    },
  },
  {
    name: '5,000 query parameters',
    // 43 KB of request line: over Node's 16 KiB head limit, answered 431 before any parsing.
    expected: [200, 400, 414, 431],
    send: (port, key) => {
      const query = Array.from({ length: 5_000 }, (_, i) => `p${i}=${i}`).join('&');
      return rawRequest(
        port,
        head('GET', `/v1/journey-maps/loan?${query}`, { authorization: `Bearer ${key}` }),
      );
    },
  },
  {
    name: '60 KB header',
    expected: [431],
    send: (port) => rawRequest(port, head('GET', '/health', { 'x-filler': 'y'.repeat(60_000) })),
  },
];

/** Sends each hostile request once; a check per case (answer as demanded, not a 5xx). */
export async function hostileInputs(port: number, key: string): Promise<Check[]> {
  const checks: Check[] = [];
  for (const c of CASES) {
    const answer = await c.send(port, key);
    checks.push({
      name: c.name,
      ok: c.expected.includes(answer.status as number | 'closed'),
      detail: `${answer.status} in ${answer.ms} ms (expected ${c.expected.join(' or ')})`,
    });
  }
  return checks;
}
