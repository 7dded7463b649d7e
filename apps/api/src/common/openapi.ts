import { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, unknown>;

const ERROR_BODY: Schema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'A stable code, e.g. INVALID_TOUCHPOINT' },
    message: { type: 'string' },
    details: {
      type: 'array',
      description: 'For 400s: every problem found',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer', nullable: true, description: 'The item of a batch' },
          field: { type: 'string' },
          rule: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
};

const ERRORS: Record<string, string> = {
  '400': 'Invalid request: every problem is listed in details',
  '401': 'No API key, or an unknown one',
  '403': 'The API key lacks the scope',
  '429': 'Over the rate of the API key (see Retry-After)',
  '503':
    'The database is unavailable, read-only or full (STORE_UNAVAILABLE): retry after Retry-After',
};
const BODY_ERRORS: Record<string, string> = {
  '408': 'Body not received in time (REQUEST_TIMEOUT, HTTP_BODY_TIMEOUT_MS); the connection closes',
  '413': 'Body over 1 MiB',
  '415': 'Unsupported Content-Encoding',
};

/**
 * What the decorators cannot say once per API: the error body every endpoint answers with, the
 * errors every endpoint may give, and that request bodies allow no other fields (they are refused).
 */
export function completeDocument(doc: OpenAPIObject): OpenAPIObject {
  const schemas = (doc.components ??= {}).schemas ?? {};
  doc.components.schemas = schemas;
  schemas.ErrorBody = ERROR_BODY;
  const content = {
    'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } },
  };
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/v1/')) continue;
    for (const op of Object.values(item) as { requestBody?: unknown; responses?: Schema }[]) {
      if (typeof op !== 'object' || op === null || !('responses' in op)) continue;
      const responses = (op.responses ??= {});
      const body = op.requestBody !== undefined;
      for (const [code, description] of Object.entries({
        ...ERRORS,
        ...(body ? BODY_ERRORS : {}),
      })) {
        // An error the decorators named keeps its words and gets its body.
        const named = responses[code] as { description?: string; content?: unknown } | undefined;
        responses[code] = {
          description: named?.description ?? description,
          content: named?.content ?? content,
        };
      }
      if (body) closeSchemas(op.requestBody, schemas, new Set());
    }
  }
  return doc;
}

/** Marks every component schema a request body refers to (transitively) as closed. */
function closeSchemas(node: unknown, schemas: Record<string, unknown>, seen: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => closeSchemas(n, schemas, seen));
  if (typeof node !== 'object' || node === null) return;
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
      const name = v.slice('#/components/schemas/'.length);
      const schema = schemas[name] as Schema | undefined;
      if (!schema || seen.has(name)) continue;
      seen.add(name);
      if (schema.type === 'object' && schema.additionalProperties === undefined)
        schema.additionalProperties = false;
      closeSchemas(schema, schemas, seen);
    } else closeSchemas(v, schemas, seen);
  }
}
