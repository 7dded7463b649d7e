import { registerDecorator, ValidationOptions } from 'class-validator';
import { FieldProblem } from '../../common/app-error';

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** ISO-8601 date-time with an explicit offset (`Z` or `+hh:mm`), a real calendar date. */
export function isIsoInstantWithOffset(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_INSTANT.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return (
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    d <= daysInMonth &&
    h <= 23 &&
    mi <= 59 &&
    s <= 59 &&
    !Number.isNaN(Date.parse(value))
  );
}

/** A real calendar day `YYYY-MM-DD` from year 1 on (2026-02-30 and year 0 are not). */
export function isCalendarDay(value: string): boolean {
  return isIsoInstantWithOffset(`${value}T00:00:00Z`) && !value.startsWith('0000');
}

/** How an event time is documented in the OpenAPI document. */
export const OCCURRED_AT_PROPERTY = {
  type: 'string',
  format: 'date-time',
  example: '2026-05-01T10:00:00Z',
  description:
    'ISO-8601 with an offset (Z or +hh:mm); from 1970 on, at most 5 minutes in the future',
} as const;

/**
 * A class-validator decorator for a `format` rule (the rule name the 400 details carry): `valid`
 * decides, `message` says what is expected ($property is the field).
 */
export function formatRule(valid: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) => (object: object, propertyName: string) =>
    registerDecorator({
      name: 'format',
      target: object.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: valid },
    });
}

export const IsIsoInstant = formatRule(
  isIsoInstantWithOffset,
  '$property must be an ISO-8601 date-time with an offset, e.g. 2026-05-01T10:00:00Z',
);

const MAX_ATTRIBUTE_KEYS = 50;
const MAX_ATTRIBUTE_BYTES = 8 * 1024;

/**
 * Every problem of a touchpoint's attributes, each naming its key (`attributes.<key>`): at most 50
 * keys of 1-128 characters, values string, finite number or boolean, at most 8 KiB as JSON.
 * (Whether it is an object at all is the DTO's `type` rule.)
 */
export function attributeProblems(value: unknown, index: number | null): FieldProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const out: FieldProblem[] = [];
  const problem = (field: string, rule: string, message: string) =>
    out.push({ index, field, rule, message });
  const entries = Object.entries(value);
  if (entries.length > MAX_ATTRIBUTE_KEYS)
    problem('attributes', 'maxKeys', `attributes must have at most ${MAX_ATTRIBUTE_KEYS} keys`);
  for (const [k, v] of entries) {
    const field = `attributes.${k}`;
    if (k.length === 0 || k.length > 128)
      problem(field, 'keyLength', 'attribute keys must be 1-128 characters');
    const ok =
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      (typeof v === 'number' && Number.isFinite(v));
    if (!ok) problem(field, 'valueType', `${field} must be a string, number or boolean`);
  }
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_ATTRIBUTE_BYTES)
    problem('attributes', 'maxBytes', 'attributes must be at most 8 KiB as JSON');
  return out;
}
