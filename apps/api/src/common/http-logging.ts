import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AuthenticatedRequest } from '../access/api-key.guard';
import { correlationIdOf, requestIdOf } from './request-context';

/**
 * One line per request once answered (pino-http, mounted first so a 401 before the body or a
 * 408 is logged too): method, url, status, time, headers with credentials redacted, and reqId,
 * correlationId and the API key's id (never the key). Lines logged while handling it carry its
 * reqId (nestjs-pino's context). The response says its id in X-Request-Id.
 */
export function httpLogger(root: Pino) {
  return pinoHttp({
    logger: root,
    quietReqLogger: true,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestIdOf(req);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Called at the start too, when no key is known yet: only the answer's line gets them.
    customProps: (req: IncomingMessage, res: ServerResponse) =>
      res.headersSent
        ? {
            correlationId: correlationIdOf(req),
            keyId: (req as AuthenticatedRequest).principal?.keyId ?? null,
          }
        : {},
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
  });
}
