import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedRequest } from '../access/api-key.guard';

/** Who asked, and the ids that tie the resulting events to the request. */
export interface RequestContext {
  readonly requestId: string;
  readonly correlationId: string;
  readonly apiKeyId: string | null;
  /** Name of the API key: the default `source` of the events. */
  readonly caller: string;
}

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** One context per request: a generated request id stays the same for everyone who asks. */
const contexts = new WeakMap<object, RequestContext>();

export function requestContextOf(req: AuthenticatedRequest): RequestContext {
  const known = contexts.get(req);
  if (known && known.apiKeyId === (req.principal?.keyId ?? null)) return known;
  const context = makeContext(req);
  contexts.set(req, context);
  return context;
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' && ID.test(v) ? v : null;
}

/**
 * The request's id: its `x-request-id` when sane, else a new UUID, kept on `req.id` (where
 * pino-http looks), so the log lines and the stored events' metadata carry the same one.
 */
export function requestIdOf(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const id = header(req, 'x-request-id') ?? randomUUID();
  req.id = id;
  return id;
}

export function correlationIdOf(req: IncomingMessage): string {
  return header(req, 'x-correlation-id') ?? requestIdOf(req);
}

function makeContext(req: AuthenticatedRequest): RequestContext {
  const requestId = requestIdOf(req);
  return {
    requestId,
    correlationId: correlationIdOf(req),
    apiKeyId: req.principal?.keyId ?? null,
    caller: req.principal?.name ?? 'anonymous',
  };
}

export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext) =>
  requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
