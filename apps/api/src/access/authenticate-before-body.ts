import { NextFunction, Request, Response } from 'express';
import { ApiKeysService } from './api-keys.service';
import { requestHasBody } from '../common/json-body.guard';
import { authenticateRequest } from './api-key.guard';

/**
 * Express middleware mounted before the body parser: a request that carries a body must come with
 * a known API key before its body is read, so a caller without one gets 401, not a 400 about its
 * JSON, and cannot make the server parse or inflate up to 1 MiB. Every such request, whatever its
 * path: no public route takes a body, and Express routes paths case-insensitively (`/V1/...`
 * reaches the /v1 handlers), so a prefix test would let some through. Scopes, rate limits and
 * public routes stay with ApiKeyGuard (the key is cached, so the second check is cheap). Errors
 * go through next() to the one ErrorFilter.
 */
export function authenticateBeforeBody(keys: ApiKeysService) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!requestHasBody(req)) return next();
    authenticateRequest(keys, req).then(() => next(), next);
  };
}
