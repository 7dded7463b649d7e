import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Request, Response } from 'express';

/**
 * The dashboard's policy: everything from this origin, nothing inline (the page sets styles through
 * the CSSOM, which the policy allows, never through style attributes).
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Where `npm run build` puts the dashboard (dist/dashboard): four folders up from this file is
 * dist/ when running the build, the repository root when running the sources (tests).
 */
export function defaultDashboardDir(): string | null {
  const up = path.resolve(__dirname, '..', '..', '..', '..');
  const candidates = [path.join(up, 'dashboard'), path.join(up, 'dist', 'dashboard')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the built dashboard at `/` (its page) and `/assets/*` (hashed bundles), and nothing else:
 * only those two paths are claimed, so `/v1/*`, `/docs`, `/health` and `/ready` stay the API's.
 * The page holds no data and needs no key: the key is entered in it and sent with each API call.
 */
export function serveDashboard(app: NestExpressApplication, dir: string | null): void {
  const logger = new Logger('Dashboard');
  if (!dir || !existsSync(path.join(dir, 'index.html'))) {
    logger.warn({ msg: 'dashboard not built: / is not served (run npm run build)' });
    return;
  }
  const page = readFileSync(path.join(dir, 'index.html'));
  const security = (res: Response) => {
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
  };
  const server = app.getHttpAdapter().getInstance() as Express;
  const sendPage = (_req: Request, res: Response) => {
    security(res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    // The page names the hashed bundles of this build: always revalidate it.
    res.setHeader('Cache-Control', 'no-cache');
    res.send(page);
  };
  server.get('/', sendPage);
  server.head('/', sendPage);
  app.useStaticAssets(path.join(dir, 'assets'), {
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    fallthrough: true,
    setHeaders: (res) => security(res as unknown as Response),
  });
}
