/**
 * Canonical JSON: one byte-exact text for one JSON value, whatever order its keys were built or
 * stored in (PostgreSQL's jsonb reorders them). The rules are those of RFC 8785 (JCS) for the
 * values events hold:
 * - object keys sorted by UTF-16 code units (JavaScript's default string order; byte order for
 *   ASCII keys), no whitespace anywhere;
 * - strings and numbers exactly as JSON.stringify writes them (shortest round-trip numbers);
 * - `undefined` members are left out and `undefined` array items written as null, as
 *   JSON.stringify does, so the text describes what the store keeps.
 * Non-finite numbers, functions and other non-JSON values are refused.
 */
export function canonicalJson(value: unknown): string {
  const text = write(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value is not JSON');
  return text;
}

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((v) => write(v) ?? 'null').join(',')}]`;
      return writeObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

function writeObject(value: Record<string, unknown>): string {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError('canonicalJson: only plain objects (no Date, Map or class instances)');
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = write(value[key]);
    if (member !== undefined) parts.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${parts.join(',')}}`;
}
