import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** What the receiver does with one request: answer with a status, never answer, or reset. */
export type Reply = number | 'hang' | 'reset';

export interface Received {
  readonly headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  readonly body: string;
  readonly reply: Reply;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** The most requests with one Idempotency-Key that were open at the same time. */
  maxConcurrentPerKey(): number;
  close(): Promise<void>;
}

/**
 * A webhook receiver on a free local port. `plan` chooses the reply to the n-th request (0-based);
 * 2xx answers wait `answerDelayMs` first, so overlapping deliveries would show.
 */
export async function startReceiver(
  plan: (n: number) => Reply = () => 200,
  answerDelayMs = 0,
): Promise<Receiver> {
  const received: Received[] = [];
  const open = new Map<string, number>();
  const sockets = new Set<Socket>();
  let maxOpen = 0;
  const server: Server = createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = plan(received.length);
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), reply });
      const key = String(req.headers['idempotency-key']);
      open.set(key, (open.get(key) ?? 0) + 1);
      maxOpen = Math.max(maxOpen, open.get(key)!);
      const done = () => open.set(key, open.get(key)! - 1);
      if (reply === 'hang') return void res.on('close', done);
      if (reply === 'reset') {
        done();
        return void req.socket.destroy();
      }
      setTimeout(() => {
        done();
        res.writeHead(reply, { 'Content-Type': 'text/plain' }).end('ok');
      }, answerDelayMs);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/friction`,
    received,
    maxConcurrentPerKey: () => maxOpen,
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
