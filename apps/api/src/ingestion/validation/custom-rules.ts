import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

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

export function IsIsoInstant(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'format',
      target: object.constructor,
      propertyName,
      options: {
        message:
          '$property must be an ISO-8601 date-time with an offset, e.g. 2026-05-01T10:00:00Z',
        ...options,
      },
      validator: { validate: (v: unknown) => isIsoInstantWithOffset(v) },
    });
}

const MAX_ATTRIBUTE_KEYS = 50;
const MAX_ATTRIBUTE_BYTES = 8 * 1024;

function attributesProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'must be an object';
  const entries = Object.entries(value);
  if (entries.length > MAX_ATTRIBUTE_KEYS) return `must have at most ${MAX_ATTRIBUTE_KEYS} keys`;
  for (const [k, v] of entries) {
    if (k.length === 0 || k.length > 128) return `key "${k.slice(0, 20)}" must be 1-128 characters`;
    const ok =
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      (typeof v === 'number' && Number.isFinite(v));
    if (!ok) return `value of "${k}" must be a string, number or boolean`;
  }
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_ATTRIBUTE_BYTES)
    return 'must be at most 8 KiB as JSON';
  return null;
}

/** At most 50 keys, values string/number/boolean, at most 8 KiB as JSON. */
export function IsAttributes(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'attributes',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (v: unknown) => attributesProblem(v) === null,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} ${attributesProblem(args?.value) ?? 'is invalid'}`,
      },
    });
}
