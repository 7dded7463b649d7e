import { ValidationCode, ValidationFailedError } from '../../common/app-error';
import { hasUnstorableCharacters } from '../../common/characters';

/** A source is an API key's name: 1 to 64 characters, as keys are named. */
export function assertSource(source: string, code: ValidationCode): void {
  if (source.length >= 1 && source.length <= 64 && !hasUnstorableCharacters(source)) return;
  throw new ValidationFailedError(code, [
    {
      index: null,
      field: 'source',
      rule: 'length',
      message: 'source must be the name of an API key (1-64 characters)',
    },
  ]);
}
