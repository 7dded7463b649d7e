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

/** Stable error codes to HTTP statuses: the one place where that mapping lives. */
const STATUS_BY_CODE: Record<string, number> = {
  CONCURRENCY_CONFLICT: HttpStatus.CONFLICT,
  INVALID_APPEND: HttpStatus.BAD_REQUEST,
  STORE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
};

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof EventStoreError) {
      const status = STATUS_BY_CODE[exception.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
      res.status(status).json({ error: exception.code, message: exception.message });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      res
        .status(status)
        .json(
          typeof body === 'object'
            ? withErrorCode(body, status)
            : { error: codeFor(status), message: body },
        );
      return;
    }
    this.logger.error({
      msg: 'unhandled error',
      error: String(exception),
      stack: (exception as Error)?.stack,
    });
    res.status(500).json({ error: 'INTERNAL', message: 'Internal server error' });
  }
}

function withErrorCode(body: object, status: number): object {
  const b = body as Record<string, unknown>;
  if (typeof b.error === 'string' && /^[A-Z_]+$/.test(b.error)) return b;
  return { ...b, error: codeFor(status) };
}

function codeFor(status: number): string {
  return (HttpStatus[status] ?? 'ERROR').toString();
}
