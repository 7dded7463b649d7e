/**
 * Stream names: one stream per customer, per anonymous visitor, per journey definition and per
 * source mapping.
 */
export const CUSTOMER_STREAM_PREFIX = 'customer-';
export const ANONYMOUS_STREAM_PREFIX = 'anonymous-';
export const JOURNEY_DEFINITION_STREAM_PREFIX = 'journey-definition-';
/** One stream per source (API key name): its mapping of external events, versioned. */
export const SOURCE_MAPPING_STREAM_PREFIX = 'source-mapping-';

export const customerStream = (customerId: string) => `${CUSTOMER_STREAM_PREFIX}${customerId}`;
export const anonymousStream = (anonymousId: string) => `${ANONYMOUS_STREAM_PREFIX}${anonymousId}`;
export const journeyDefinitionStream = (journey: string) =>
  `${JOURNEY_DEFINITION_STREAM_PREFIX}${journey}`;
export const sourceMappingStream = (source: string) => `${SOURCE_MAPPING_STREAM_PREFIX}${source}`;

export type StreamOwner =
  | { kind: 'customer'; id: string }
  | { kind: 'anonymous'; id: string }
  | { kind: 'journey-definition'; id: string };

export function parseStreamName(stream: string): StreamOwner | null {
  if (stream.startsWith(CUSTOMER_STREAM_PREFIX))
    return { kind: 'customer', id: stream.slice(CUSTOMER_STREAM_PREFIX.length) };
  if (stream.startsWith(ANONYMOUS_STREAM_PREFIX))
    return { kind: 'anonymous', id: stream.slice(ANONYMOUS_STREAM_PREFIX.length) };
  if (stream.startsWith(JOURNEY_DEFINITION_STREAM_PREFIX))
    return {
      kind: 'journey-definition',
      id: stream.slice(JOURNEY_DEFINITION_STREAM_PREFIX.length),
    };
  return null;
}
