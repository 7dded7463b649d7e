/** The OpenAPI schema of GET /v1/journey-maps/{journey}/variants (journey-variants.query.ts). */
const count = { type: 'integer', minimum: 0 };
const nullableMs = { type: 'number', nullable: true };

export const JOURNEY_VARIANTS_SCHEMA = {
  type: 'object',
  required: ['journey', 'from', 'to', 'channel', 'closedInstances', 'variantCount', 'variants'],
  properties: {
    journey: { type: 'string' },
    from: { type: 'string', nullable: true, description: 'echo of the query' },
    to: { type: 'string', nullable: true },
    channel: { type: 'string', nullable: true },
    closedInstances: { ...count, description: 'closed instances started in the range' },
    variantCount: { ...count, description: 'distinct variants in the range' },
    variants: {
      type: 'array',
      description: 'count descending, then variant id ascending',
      items: {
        type: 'object',
        properties: {
          variant: { type: 'string', description: 'hex id: hash of the step sequence' },
          steps: { type: 'array', items: { type: 'string' } },
          count,
          share: { type: 'number', description: 'count / closedInstances' },
          completed: count,
          failed: count,
          abandoned: count,
          completionRate: { type: 'number', description: 'completed / count' },
          medianDurationMs: { ...nullableMs, description: 'first to last step, sketch estimate' },
          p90DurationMs: nullableMs,
        },
      },
    },
    nextCursor: { type: 'string', nullable: true },
  },
};
