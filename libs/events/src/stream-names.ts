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
/**
 * The streams of customers' journeys: touchpoints (known and anonymous customers) and journey
 * definitions. The journeys projection follows these; its status and lag are measured over them.
 */
export const JOURNEY_STREAM_PREFIXES: readonly string[] = [
  CUSTOMER_STREAM_PREFIX,
  ANONYMOUS_STREAM_PREFIX,
  JOURNEY_DEFINITION_STREAM_PREFIX,
];

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
