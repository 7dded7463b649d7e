import net from 'node:net';

export interface RawAnswer {
  /** The status code, or how the exchange ended without one. */
  readonly status: number | 'closed' | 'timeout';
  readonly ms: number;
}

/**
 * Writes bytes as they are to 127.0.0.1:port (no client library fixing headers or lengths) and
 * reads the status line of the answer. `then` may write more after the first part.
 */
export function rawRequest(
  port: number,
  head: Buffer | string,
  options: { timeoutMs?: number; then?: (socket: net.Socket) => void } = {},
): Promise<RawAnswer> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let done = false;
    const finish = (status: RawAnswer['status']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status, ms: Math.round(performance.now() - t0) });
    };
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs ?? 10_000);
    socket.on('connect', () => {
      socket.write(head);
      options.then?.(socket);
    });
    socket.on('data', (d) => {
      received += d.toString('latin1');
      const line = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      if (line) finish(Number(line[1]));
    });
    socket.on('error', () => finish('closed'));
    socket.on('close', () => finish('closed'));
  });
}

/** An HTTP/1.1 request's head (the body's length is the caller's to state, truthfully or not). */
export function head(
  method: string,
  target: string,
  headers: Record<string, string | number>,
): string {
  const lines = Object.entries({ host: '127.0.0.1', connection: 'close', ...headers }).map(
    ([k, v]) => `${k}: ${v}`,
  );
  return `${method} ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}
