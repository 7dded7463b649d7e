import { FieldProblem } from './app-error';

/**
 * NUL and unpaired UTF-16 surrogates: JSON can carry them (`\u0000`, `\ud800`) but PostgreSQL's
 * text and jsonb cannot store them, so they are refused at the edge instead of failing the append.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what it looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasUnstorableCharacters(s: string): boolean {
  return UNSTORABLE.test(s);
}

export const CHARSET_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/**
 * The shape of an encrypted value (libs/events personal-data.ts): read models decrypt what has
 * it, so a client sending one could have another customer's ciphertext shown decrypted.
 */
const ENCRYPTED_SHAPE = /^enc:v\d+:/;
const RESERVED_MESSAGE = 'must not start with "enc:v<n>:" (reserved for encrypted values)';

/** One value still to look at, and the key (to check) that named it, if any. */
interface Pending {
  readonly value: unknown;
  readonly path: string;
  readonly key: string | null;
}

/**
 * Every string (keys included) of a JSON value that PostgreSQL could not store, and every value
 * shaped like an encrypted one, by field path. An explicit stack, in the order a recursive walk
 * would report: a value nested thousands deep must not overflow the call stack (bodies are
 * refused deeper than MAX_JSON_DEPTH first, but query values and envelopes come here too).
 */
export function characterProblems(
  value: unknown,
  index: number | null,
  path = '',
  out: FieldProblem[] = [],
): FieldProblem[] {
  const stack: Pending[] = [{ value, path, key: null }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: v, path: at, key } = next;
    if (key !== null && hasUnstorableCharacters(key))
      out.push({ index, field: at, rule: 'charset', message: `a key ${CHARSET_MESSAGE}` });
    if (typeof v === 'string') {
      if (hasUnstorableCharacters(v))
        out.push({ index, field: at, rule: 'charset', message: `${at} ${CHARSET_MESSAGE}` });
      if (ENCRYPTED_SHAPE.test(v))
        out.push({ index, field: at, rule: 'reserved', message: `${at} ${RESERVED_MESSAGE}` });
    } else if (typeof v === 'object' && v !== null) {
      const isArray = Array.isArray(v);
      const entries = isArray ? v.map((e, i) => [String(i), e] as const) : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, e] = entries[i];
        stack.push({ value: e, path: at ? `${at}.${k}` : k, key: isArray ? null : k });
      }
    }
  }
  return out;
}
