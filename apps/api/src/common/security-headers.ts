import { NextFunction, Request, Response } from 'express';

/** The API's data (customers' journeys, feedback, audit history) is personal: never cached. */
const PRIVATE_PATH = /^\/v1(\/|$)/i;

/**
 * Headers on every response: no content sniffing, no framing (the dashboard and /docs are not
 * meant to be embedded: clickjacking), and no caching of API data by browsers or proxies.
 */
export function securityHeaders() {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
    res.setHeader('X-Frame-Options', 'DENY');
    if (PRIVATE_PATH.test(req.path)) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
