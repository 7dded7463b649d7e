/** Stream names: one stream per customer, per anonymous visitor, and per journey definition. */
export const CUSTOMER_STREAM_PREFIX = 'customer-';
export const ANONYMOUS_STREAM_PREFIX = 'anonymous-';
export const JOURNEY_DEFINITION_STREAM_PREFIX = 'journey-definition-';

export const customerStream = (customerId: string) => `${CUSTOMER_STREAM_PREFIX}${customerId}`;
export const anonymousStream = (anonymousId: string) => `${ANONYMOUS_STREAM_PREFIX}${anonymousId}`;
export const journeyDefinitionStream = (journey: string) =>
  `${JOURNEY_DEFINITION_STREAM_PREFIX}${journey}`;

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
