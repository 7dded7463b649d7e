import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { Scope } from '@journey/records';
import { AppError } from '../common/app-error';
import { CLOCK, Clock } from '../common/clock';
import { ApiKeysService, Principal } from './api-keys.service';
import { HEAVY_KEY, PUBLIC_KEY, SCOPE_KEY } from './auth.decorators';
import { RateLimiter } from './rate-limiter';

export const RATE_LIMITER = Symbol('RATE_LIMITER');
export const HEAVY_READ_LIMITER = Symbol('HEAVY_READ_LIMITER');

export type AuthenticatedRequest = Request & { principal?: Principal };

/** Every route needs a valid API key unless marked @Public(); @RequireScope names the scope. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(HEAVY_READ_LIMITER) private readonly heavyLimiter: RateLimiter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await authenticateRequest(this.keys, req);
    const scopes = this.reflector.getAllAndOverride<Scope[] | undefined>(SCOPE_KEY, targets);
    if (scopes && !scopes.some((s) => principal.scopes.includes(s))) {
      const named = scopes.map((s) => `"${s}"`).join(' or ');
      throw new AppError('FORBIDDEN_SCOPE', `This API key lacks the ${named} scope`, {
        required: scopes.length === 1 ? scopes[0] : scopes,
      });
    }
    const now = this.clock.now().getTime();
    const wait = this.limiter.take(principal.keyId, now);
    if (wait > 0)
      throw rateLimited(`Rate limit exceeded for this API key; retry in ${wait} s`, wait);
    const heavy = this.reflector.getAllAndOverride<((r: Request) => boolean) | undefined>(
      HEAVY_KEY,
      targets,
    );
    if (heavy?.(req)) {
      const later = this.heavyLimiter.take(principal.keyId, now);
      if (later > 0)
        throw rateLimited(
          `Heavy reads (histories, exports, replays) are limited per API key; retry in ${later} s`,
          later,
        );
    }
    req.principal = principal;
    return true;
  }
}

/**
 * The request's principal; a missing or unknown key is a 401 AppError. A client address that
 * presented too many unknown keys gets 429 for a while, whatever key it sends: guessing keys is
 * slowed to AUTH_FAILURES_PER_SEC. The address is Express's `req.ip` (the peer, unless
 * TRUST_PROXY says which proxies to believe).
 */
export async function authenticateRequest(keys: ApiKeysService, req: Request): Promise<Principal> {
  const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const blocked = keys.failures.peek(client, keys.clock.now().getTime());
  if (blocked > 0) throw tooManyFailures(blocked);
  const key = extractKey(req);
  if (!key) {
    throw new AppError(
      'UNAUTHENTICATED',
      'An API key is required: Authorization: Bearer <key> or x-api-key (Segment routes: the write key as Basic user name)',
    );
  }
  const principal = await keys.authenticate(key);
  if (principal) return principal;
  const wait = keys.failures.take(client, keys.clock.now().getTime());
  if (wait > 0) throw tooManyFailures(wait);
  throw new AppError('INVALID_API_KEY', 'The API key is unknown or revoked');
}

function rateLimited(message: string, wait: number): AppError {
  return new AppError('RATE_LIMITED', message, undefined, { 'Retry-After': String(wait) });
}

function tooManyFailures(wait: number): AppError {
  return new AppError(
    'AUTH_RATE_LIMITED',
    `Too many failed authentications from this address; retry in ${wait} s`,
    undefined,
    { 'Retry-After': String(wait) },
  );
}

/**
 * Routes whose clients send the key as HTTP Basic user name (Segment's write key), matched as
 * Express routes them: case-insensitively.
 */
const BASIC_AUTH_ROUTES = /^\/v1\/segment(\/|$)/i;

function extractKey(req: Request): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
    if (BASIC_AUTH_ROUTES.test(req.path)) return basicUser(auth);
  }
  const header = req.headers['x-api-key'];
  return typeof header === 'string' && header.length > 0 ? header : null;
}

/** The user name of `Basic base64(user:password)`; the password (Segment sends none) is unused. */
function basicUser(auth: string): string | null {
  const m = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(auth);
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  return user.length > 0 ? user : null;
}
