import { NextFunction, Request, Response } from 'express';
import { ApiKeysService } from './api-keys.service';
import { requestHasBody } from '../common/json-body.guard';
import { authenticateRequest } from './api-key.guard';

/**
 * Express middleware mounted before the body parser: a request to /v1 that carries a body must
 * come with a known API key before its body is read, so a caller without one gets 401, not a
 * 400 about its JSON, and cannot make the server parse or inflate up to 1 MiB. Scopes, rate
 * limits and public routes stay with ApiKeyGuard (the key is cached, so the second check is cheap).
 * Errors go through next() to the one ErrorFilter.
 */
export function authenticateBeforeBody(keys: ApiKeysService) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!requestHasBody(req) || !req.path.startsWith('/v1/')) return next();
    authenticateRequest(keys, req).then(() => next(), next);
  };
}
