import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { registry } from './registry';

export interface MetricsServer {
  /** http://host:port, the port the system chose for 0. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * GET /metrics on a small server of its own, without a key: its address (127.0.0.1 by default) is
 * the access control, as a scrape target on a private network is. The projector's only HTTP (it
 * has no API); the API's when API_METRICS_PORT is set. GET /health answers as the API's does
 * (liveness: the process answers), for a container healthcheck. Anything else is a 404.
 */
export async function startMetricsServer(host: string, port: number): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ status: 'ok' }));
      return;
    }
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ error: 'NOT_FOUND', message: 'Only GET /metrics and /health are served' }),
      );
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
        res.end(text);
      },
      (err: unknown) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'METRICS_FAILED', message: String(err) }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
