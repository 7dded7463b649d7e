import { createParamDecorator, ExecutionContext } from '@nestjs/common';
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

function makeContext(req: AuthenticatedRequest): RequestContext {
  const header = (name: string) => {
    const v = req.headers[name];
    return typeof v === 'string' && ID.test(v) ? v : null;
  };
  const requestId = header('x-request-id') ?? randomUUID();
  return {
    requestId,
    correlationId: header('x-correlation-id') ?? requestId,
    apiKeyId: req.principal?.keyId ?? null,
    caller: req.principal?.name ?? 'anonymous',
  };
}

export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext) =>
  requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
