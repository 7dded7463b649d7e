import type { Server } from 'node:http';
import { NextFunction, Request, Response } from 'express';
import { requestHasBody } from './json-body.guard';

export interface HttpTimeouts {
  readonly requestMs: number;
  readonly headersMs: number;
  readonly bodyMs: number;
  readonly keepAliveMs: number;
}

/** Node's own limits: the whole request, its headers, and idle keep-alive connections. */
export function applyServerTimeouts(server: Server, t: HttpTimeouts): void {
  server.requestTimeout = t.requestMs;
  // Node wants the headers' limit within the request's.
  server.headersTimeout = Math.min(t.headersMs, t.requestMs);
  server.keepAliveTimeout = t.keepAliveMs;
}

/**
 * A body must arrive within `ms` of the request's headers, else 408 and the connection closes:
 * clients trickling bytes would each hold a connection (and a parser) for as long as they like;
 * Node's requestTimeout is only checked every 30 s or so. Mounted before authentication and the
 * body parser, so the key lookup counts too.
 */
export function bodyReadTimeout(ms: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!requestHasBody(req)) return next();
    const timer = setTimeout(() => {
      // Complete bodies are the handler's; a response already started is not ours to replace.
      if (req.complete || res.headersSent) return;
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.socket.destroy());
      res.status(408).json({
        error: 'REQUEST_TIMEOUT',
        message: `The request body did not arrive within ${ms} ms`,
      });
    }, ms);
    res.once('close', () => clearTimeout(timer));
    next();
  };
}
