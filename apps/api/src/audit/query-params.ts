import { FieldProblem, ValidationFailedError } from '../common/app-error';

/** Collects a request's problems and throws them together (400 INVALID_QUERY). */
export class QueryProblems {
  private readonly problems: FieldProblem[] = [];

  add(field: string, rule: string, message: string): void {
    this.problems.push({ index: null, field, rule, message });
  }

  customerId(value: string): string {
    if (value.length < 1 || value.length > 128)
      this.add('customerId', 'length', 'customerId must be 1-128 characters');
    return value;
  }

  limit(value: string | undefined, fallback: number, max: number): number {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max)
      this.add('limit', 'range', `limit must be an integer from 1 to ${max}`);
    return n;
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new ValidationFailedError('INVALID_QUERY', this.problems);
  }
}
