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

/**
 * Every string (keys included) of a JSON value that PostgreSQL could not store, and every value
 * shaped like an encrypted one, by field path.
 */
export function characterProblems(
  value: unknown,
  index: number | null,
  path = '',
  out: FieldProblem[] = [],
): FieldProblem[] {
  if (typeof value === 'string') {
    if (hasUnstorableCharacters(value))
      out.push({ index, field: path, rule: 'charset', message: `${path} ${CHARSET_MESSAGE}` });
    if (ENCRYPTED_SHAPE.test(value))
      out.push({ index, field: path, rule: 'reserved', message: `${path} ${RESERVED_MESSAGE}` });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => characterProblems(v, index, path ? `${path}.${i}` : String(i), out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const field = path ? `${path}.${k}` : k;
      if (hasUnstorableCharacters(k))
        out.push({ index, field, rule: 'charset', message: `a key ${CHARSET_MESSAGE}` });
      characterProblems(v, index, field, out);
    }
  }
  return out;
}
