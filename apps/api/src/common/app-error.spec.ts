import { AppError, HTTP_STATUS_BY_CODE, isErrorCode, ValidationFailedError } from './app-error';

describe('error codes', () => {
  it('take only known codes: an unknown one does not compile (typecheck runs over specs)', () => {
    // @ts-expect-error: not one of HTTP_STATUS_BY_CODE's codes
    const unknown = new AppError('NO_SUCH_CODE', 'x');
    expect(isErrorCode(unknown.code)).toBe(false);
    expect(isErrorCode('REBUILD_IN_PROGRESS')).toBe(true);
    expect(HTTP_STATUS_BY_CODE[new AppError('NOT_FOUND', 'x').code]).toBe(404);
  });

  it('give a validation failure only codes of bad input (400)', () => {
    // @ts-expect-error: NOT_FOUND is a 404, not bad input
    expect(new ValidationFailedError('NOT_FOUND', []).code).toBe('NOT_FOUND');
    const ok = new ValidationFailedError('INVALID_WEBHOOK', []);
    expect(HTTP_STATUS_BY_CODE[ok.code]).toBe(400);
  });
});
