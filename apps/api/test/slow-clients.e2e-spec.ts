import net from 'node:net';
import { AddressInfo } from 'node:net';
import { startTestApp, TestApp, touchpoint } from './harness';

describe('Slow clients: a body trickled in is cut with 408 (HTTP_BODY_TIMEOUT_MS)', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ HTTP_BODY_TIMEOUT_MS: '400', RATE_LIMIT_PER_SECOND: '0' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.server.address() as AddressInfo).port;
  });
  afterAll(async () => t?.close());

  /**
   * Sends the headers, then the body a byte every `everyMs`; resolves with what the server said
   * once it closed the connection (or the whole body was sent and answered).
   */
  const trickle = (body: string, everyMs: number) =>
    new Promise<{ reply: string; bytesSent: number }>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let reply = '';
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      socket.on('data', (d) => (reply += d));
      socket.on('error', () => undefined); // writes after the server closed: reported by close
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ reply, bytesSent: sent });
      });
      socket.on('connect', () => {
        socket.write(
          'POST /v1/touchpoints HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
            `Authorization: Bearer ${t.keys.ingest}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
        );
        timer = setInterval(() => {
          if (sent < body.length) socket.write(body[sent++]);
          else if (!reply) reject(new Error('whole body sent, no answer'));
        }, everyMs);
      });
    });

  it('closes the connection with 408 REQUEST_TIMEOUT before the body is through', async () => {
    const body = JSON.stringify({ touchpoints: [touchpoint()] });
    const { reply, bytesSent } = await trickle(body, 50);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(reply).toMatch(/connection: close/i);
    expect(reply).toContain('"error":"REQUEST_TIMEOUT"');
    expect(bytesSent).toBeLessThan(body.length);
    const stored = await t.db.pool.query('SELECT count(*)::int AS n FROM es_events');
    expect(stored.rows[0].n).toBe(0);
  });

  it('a body sent in time is stored as usual', async () => {
    const body = JSON.stringify({ touchpoints: [touchpoint({ id: 'tp-in-time' })] });
    const socket = net.connect(port, '127.0.0.1');
    const reply = await new Promise<string>((resolve) => {
      let out = '';
      socket.on('data', (d) => {
        out += d;
        if (out.includes('\r\n\r\n{')) resolve(out);
      });
      socket.write(
        'POST /v1/touchpoints HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
          `Authorization: Bearer ${t.keys.ingest}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    socket.destroy();
    expect(reply).toMatch(/^HTTP\/1\.1 202 /);
  });
});
