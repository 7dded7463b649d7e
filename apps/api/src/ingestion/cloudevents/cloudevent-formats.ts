import { isIsoInstantWithOffset } from '../validation/custom-rules';

/**
 * The value formats of the CloudEvents 1.0 type system that the envelope's attributes use
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md#type-system).
 */

/** RFC 3339 `date-time`: seconds required, `T`/`Z` in either case (RFC 3339 §5.6 note). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The RFC 3339 timestamp as the ISO instant our touchpoints take, or null when it is none. Upper
 * case, because the native occurredAt rule wants `T` and `Z`; a real calendar date, as there.
 */
export function rfc3339Instant(value: string): string | null {
  if (!RFC3339.test(value)) return null;
  const upper = value.toUpperCase();
  return isIsoInstantWithOffset(upper) ? upper : null;
}

/** RFC 3986 characters (unreserved, reserved) and percent-escapes: a URI-reference's alphabet. */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** `source` is a URI-reference: relative ones (`/orders`) are common and valid. */
export function isUriReference(value: string): boolean {
  return URI_CHARS.test(value);
}

/** `dataschema` is an absolute URI: it must name its scheme. */
export function isAbsoluteUri(value: string): boolean {
  return URI_CHARS.test(value) && SCHEME.test(value);
}

/** RFC 2046 / RFC 7231 media type: `type/subtype`, optional `; parameters`. */
const TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}\\s*(?:;.*)?$`);

export function isMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value);
}

/** JSON data, whose members we can read: application/json, any `+json` type, text/json. */
export function isJsonMediaType(value: string): boolean {
  const essence = value.split(';')[0].trim().toLowerCase();
  return essence === 'application/json' || essence === 'text/json' || essence.endsWith('+json');
}

/** Extension attribute names: lower-case ASCII letters and digits, at most 20 (spec §3.1.1). */
export const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;

/** CloudEvents Integer: a JSON number that is a whole number within 32 bits (signed). */
export function isCloudEventsInteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31;
}

/**
 * Decodes a binary-mode header value: the HTTP binding percent-encodes what a header cannot carry
 * (non-printable ASCII, '%', '"', and non-ASCII as UTF-8). Null when an escape is malformed.
 */
export function percentDecode(value: string): string | null {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
