import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUtf8 } from 'node:buffer';
import { Request } from 'express';
import { AppError, ValidationFailedError } from './app-error';
import { depthProblem } from './json-depth';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const OWN_MEDIA_TYPES = 'journey:own-media-types';

/**
 * The route reads its Content-Type itself (CloudEvents: `application/cloudevents+json`, or any
 * type in binary mode) and names a wrong one in its own error body.
 */
export const ReadsOwnMediaTypes = () => SetMetadata(OWN_MEDIA_TYPES, true);

/** Whether the request says it carries a body (a length above 0, or chunked). */
export function requestHasBody(req: Request): boolean {
  return (
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  );
}

/**
 * Requests that carry a body must say it is JSON (anything else would silently arrive empty), and
 * be UTF-8: the parser would replace invalid bytes with U+FFFD, storing something never sent.
 * Bodies nested deeper than MAX_JSON_DEPTH are refused here, before any pipe walks them.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!WITH_BODY.has(req.method)) return true;
    const own = this.reflector.getAllAndOverride<boolean>(OWN_MEDIA_TYPES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (requestHasBody(req) && !own && !req.is('application/json')) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type must be application/json (got "${req.headers['content-type'] ?? 'none'}")`,
      );
    }
    const raw = (req as Request & { rawBody?: Buffer }).rawBody;
    if (raw && !isUtf8(raw))
      throw new AppError('INVALID_REQUEST', 'The request body is not valid UTF-8');
    // Before any pipe: class-transformer, class-validator and the character checks walk the body.
    const deep = depthProblem(req.body);
    if (deep) throw new ValidationFailedError('INVALID_REQUEST', [deep]);
    return true;
  }
}
