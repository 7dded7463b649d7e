import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { Response } from 'express';
import { EventStoreError } from '@journey/event-store';
import { isStoreUnavailable } from '@journey/postgres';
import {
  AppError,
  HTTP_STATUS_BY_CODE,
  isErrorCode,
  STORE_RETRY_AFTER_SECONDS,
  ValidationFailedError,
} from './app-error';

const UNAVAILABLE_LOG_EVERY_MS = 5000;

/** Every error leaves the API here, as JSON `{error: CODE, message, details?}`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  private unavailableLoggedAt = 0;

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    // Already answered (a slow body's 408, a stream under way): the error can only end it.
    if (res.headersSent) {
      if (!res.writableEnded) res.end();
      return;
    }
    // The database down, restarting, read-only or full, wherever it surfaced (key lookups, reads,
    // appends): the client may retry the same request; nothing was written.
    if (
      isStoreUnavailable(exception) ||
      (exception instanceof EventStoreError && exception.code === 'STORE_UNAVAILABLE')
    ) {
      this.logUnavailable(exception);
      res.setHeader('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
      res.status(503).json({
        error: 'STORE_UNAVAILABLE',
        message: 'The database is unavailable; retry later',
      });
      return;
    }
    if (exception instanceof ValidationFailedError) {
      res
        .status(400)
        .json({ error: exception.code, message: exception.message, details: exception.problems });
      return;
    }
    if (exception instanceof AppError || exception instanceof EventStoreError) {
      // An AppError's code is mapped by its type; a store error's code is the library's own.
      const status = isErrorCode(exception.code)
        ? HTTP_STATUS_BY_CODE[exception.code]
        : HttpStatus.INTERNAL_SERVER_ERROR;
      for (const [k, v] of Object.entries((exception as AppError).headers ?? {}))
        res.setHeader(k, v);
      const details = (exception as AppError).details;
      res.status(status).json({
        error: exception.code,
        message: exception.message,
        ...(details !== undefined ? { details } : {}),
      });
      return;
    }
    const bodyParser = bodyParserError(exception);
    if (bodyParser) {
      res.status(bodyParser.status).json({ error: bodyParser.code, message: bodyParser.message });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest turns the body parser's SyntaxError into a bare 400; our own code never throws one.
      if (status === 400 && /JSON/.test(exception.message)) {
        res
          .status(400)
          .json({ error: 'INVALID_REQUEST', message: `Malformed JSON: ${exception.message}` });
        return;
      }
      const body = exception.getResponse();
      const payload =
        typeof body === 'object' ? (body as Record<string, unknown>) : { message: body };
      const code =
        typeof payload.error === 'string' && /^[A-Z_]+$/.test(payload.error)
          ? payload.error
          : codeFor(status);
      // The same shape as every other error (Nest's own add statusCode and a prose "error").
      const { statusCode: _status, ...rest } = payload;
      res.status(status).json({
        ...rest,
        error: code,
        message: String(payload.message ?? exception.message),
      });
      return;
    }
    this.logger.error({
      msg: 'unhandled error',
      error: String(exception),
      stack: (exception as Error)?.stack,
    });
    res.status(500).json({ error: 'INTERNAL', message: 'Internal server error' });
  }

  /** At most one line per few seconds: an outage fails every request. */
  private logUnavailable(exception: unknown): void {
    const now = Date.now();
    if (now - this.unavailableLoggedAt < UNAVAILABLE_LOG_EVERY_MS) return;
    this.unavailableLoggedAt = now;
    this.logger.warn({ msg: 'database unavailable: answering 503', error: String(exception) });
  }
}

/** Errors thrown by Express's body parser before any handler runs. */
function bodyParserError(e: unknown): { status: number; code: string; message: string } | null {
  const type = (e as { type?: string })?.type;
  if (type === 'entity.too.large') {
    const limit = (e as { limit?: number }).limit;
    return {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `Request body exceeds ${limit ?? 'the limit of'} bytes`,
    };
  }
  if (type === 'entity.parse.failed') {
    return {
      status: 400,
      code: 'INVALID_REQUEST',
      message: `Malformed JSON: ${(e as Error).message}`,
    };
  }
  if (type === 'encoding.unsupported') {
    return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: (e as Error).message };
  }
  if (type === 'charset.unsupported') {
    return { status: 400, code: 'INVALID_REQUEST', message: (e as Error).message };
  }
  // Anything else the parser rejects as the client's fault (a corrupt gzip or brotli body...).
  const status = (e as { status?: unknown })?.status;
  if ((e as { expose?: unknown })?.expose === true && typeof status === 'number' && status < 500) {
    return { status, code: 'INVALID_REQUEST', message: `Unreadable body: ${(e as Error).message}` };
  }
  return null;
}

function codeFor(status: number): string {
  return (HttpStatus[status] ?? 'ERROR').toString();
}
