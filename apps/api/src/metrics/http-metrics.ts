import type { NextFunction, Request, Response } from 'express';
import { httpDuration, UNMATCHED_ROUTE } from './api-metrics';

/**
 * Express middleware, mounted first: times each request to its last byte and labels it with the
 * route template Express matched (`/v1/journeys/:journey`), never the path itself, so customer
 * ids in paths cannot become labels. No route (404s, requests refused before routing, such as a
 * body sent without a key): `unmatched`.
 */
/** Routes of middleware mounted for every path (nestjs-pino's): no route of ours. */
const CATCH_ALL = new Set(['/{*path}', '*', '/*']);

export function httpMetrics() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = httpDuration.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      end({
        method: req.method,
        route:
          typeof route === 'string' && !CATCH_ALL.has(route)
            ? `${req.baseUrl}${route}`
            : UNMATCHED_ROUTE,
        status: String(res.statusCode),
      });
    });
    next();
  };
}
