import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Response } from 'express';
import { Observable } from 'rxjs';
import { Scope } from '@journey/records';
import type { AuthenticatedRequest } from '../../access/api-key.guard';
import { requestContextOf } from '../../common/request-context';
import { AccessLog } from './access-log';

const AUDIT_ACTION = 'journey:audit-action';

interface Audited {
  readonly action: string;
  /** Only calls by keys with this scope are logged (those are the ones shown personal data). */
  readonly onlyWithScope?: Scope;
}

/** The route reads audit data: each call is written to the access log before it is answered. */
export const AuditedRead = (action: string, options: { onlyWithScope?: Scope } = {}) =>
  SetMetadata(AUDIT_ACTION, { action, ...options } satisfies Audited);

/**
 * Writes the access-log entry first (after authentication, before the read): if it cannot be
 * written, nothing is read. The answer carries the request id the entry holds.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly log: AccessLog,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const audited = this.reflector.get<Audited | undefined>(AUDIT_ACTION, context.getHandler());
    if (!audited) return next.handle();
    const { action, onlyWithScope } = audited;
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    if (onlyWithScope && !req.principal?.scopes.includes(onlyWithScope)) return next.handle();
    const c = requestContextOf(req);
    await this.log.record({
      apiKeyId: c.apiKeyId,
      actor: c.caller,
      action,
      customerId: typeof req.params.customerId === 'string' ? req.params.customerId : null,
      requestId: c.requestId,
      detail: { method: req.method, path: req.path, query: req.query },
    });
    http.getResponse<Response>().setHeader('x-request-id', c.requestId);
    return next.handle();
  }
}
