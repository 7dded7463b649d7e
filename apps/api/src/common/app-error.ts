/** A typed error with a stable code; the one ErrorFilter maps codes to HTTP statuses. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** One problem with one field of one item of a request. */
export interface FieldProblem {
  /** Position of the item in a batch; null for the request as a whole. */
  readonly index: number | null;
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

const READS: ReadonlySet<ErrorCode> = new Set(['INVALID_QUERY', 'INVALID_REQUEST']);

export class ValidationFailedError extends AppError {
  constructor(
    override readonly code: ValidationCode,
    readonly problems: readonly FieldProblem[],
  ) {
    // Reads store nothing anyway; for writes, it is the all-or-nothing promise.
    super(
      code,
      `${problems.length} problem(s) in the request${READS.has(code) ? '' : '; nothing was stored'}`,
      problems,
    );
  }
}

/** How long a client should wait before retrying when the database cannot serve (a restart). */
export const STORE_RETRY_AFTER_SECONDS = 5;

/** Every code the API answers with, and its status: a code missing here does not compile. */
export const HTTP_STATUS_BY_CODE = {
  INVALID_REQUEST: 400,
  INVALID_TOUCHPOINT: 400,
  INVALID_CLOUDEVENT: 400,
  INVALID_FEEDBACK: 400,
  INVALID_IDENTITY: 400,
  INVALID_JOURNEY_DEFINITION: 400,
  INVALID_SOURCE_MAPPING: 400,
  INVALID_API_KEY_REQUEST: 400,
  INVALID_QUERY: 400,
  INVALID_APPEND: 400,
  INVALID_WEBHOOK: 400,
  UNAUTHENTICATED: 401,
  INVALID_API_KEY: 401,
  FORBIDDEN_SCOPE: 403,
  NOT_FOUND: 404,
  FRICTION_POINT_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  CHECKPOINT_NOT_FOUND: 404,
  CONCURRENCY_CONFLICT: 409,
  ANONYMOUS_ID_ALREADY_LINKED: 409,
  REBUILD_IN_PROGRESS: 409,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 400,
  RATE_LIMITED: 429,
  AUTH_RATE_LIMITED: 429,
  TOO_MANY_STREAMS: 429,
  INGESTION_INCOMPLETE: 503,
  STORE_UNAVAILABLE: 503,
} as const satisfies Readonly<Record<string, number>>;

export type ErrorCode = keyof typeof HTTP_STATUS_BY_CODE;

/** The codes of bad input (400), the only ones a ValidationFailedError may carry. */
export type ValidationCode = {
  [K in ErrorCode]: (typeof HTTP_STATUS_BY_CODE)[K] extends 400 ? K : never;
}[ErrorCode];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(HTTP_STATUS_BY_CODE, code);
}
