import { FieldProblem } from '../../common/app-error';
import { characterProblems } from '../../common/characters';
import { ExternalEvent } from '../external-events/external-event';
import {
  EXTENSION_NAME,
  isAbsoluteUri,
  isCloudEventsInteger,
  isJsonMediaType,
  isMediaType,
  isUriReference,
  rfc3339Instant,
} from './cloudevent-formats';

/** The extension attributes we read (documented in docs/cloudevents.md). */
export const CUSTOMER_EXTENSION = 'customerid';
export const ANONYMOUS_EXTENSION = 'anonymousid';
export const CHANNEL_EXTENSION = 'channel';

const REQUIRED = ['id', 'source', 'specversion', 'type'] as const;
const OPTIONAL = ['datacontenttype', 'dataschema', 'subject', 'time'] as const;
/** Members of the JSON format that are not attributes. */
const PAYLOAD = new Set(['data', 'data_base64']);

export interface EnvelopeResult {
  readonly event: ExternalEvent | null;
  readonly problems: FieldProblem[];
}

/**
 * Reads one CloudEvent in its JSON form (structured mode, a batch item, or binary-mode headers
 * turned into it) into an ExternalEvent, or lists every problem with the event, each field named
 * after `path` (`[2].specversion`). Validates the envelope only: mapping its `type` to a journey
 * step, and the touchpoint rules, are the ingestion seam's.
 */
export function readEnvelope(envelope: unknown, index: number, path: string): EnvelopeResult {
  const field = (name: string) => (path ? `${path}.${name}` : name);
  const problems: FieldProblem[] = [];
  const problem = (name: string, rule: string, message: string) =>
    problems.push({ index, field: field(name), rule, message });
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    problems.push({
      index,
      field: path,
      rule: 'type',
      message: 'a CloudEvent must be a JSON object',
    });
    return { event: null, problems };
  }
  const ce = envelope as Record<string, unknown>;
  const attrs: Record<string, string | undefined> = {};

  for (const name of REQUIRED) {
    const value = ce[name];
    if (value === undefined || value === null) problem(name, 'required', `${name} is required`);
    else if (typeof value !== 'string') problem(name, 'type', `${name} must be a string`);
    else if (value === '') problem(name, 'length', `${name} must not be empty`);
    else attrs[name] = value;
  }
  // The JSON format allows null for an optional attribute: it is absent.
  for (const name of OPTIONAL) {
    const value = ce[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') problem(name, 'type', `${name} must be a string`);
    else if (value === '') problem(name, 'length', `${name} must not be empty`);
    else attrs[name] = value;
  }
  formatProblems(attrs, problem);

  const extensions: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(ce)) {
    if (PAYLOAD.has(name) || (REQUIRED as readonly string[]).includes(name)) continue;
    if ((OPTIONAL as readonly string[]).includes(name)) continue;
    if (!EXTENSION_NAME.test(name)) {
      problem(
        name,
        'extensionName',
        'extension attribute names must be 1-20 lower-case ASCII letters or digits',
      );
      continue;
    }
    if (value === undefined || value === null) continue;
    const ok =
      typeof value === 'string' || typeof value === 'boolean' || isCloudEventsInteger(value);
    if (!ok) problem(name, 'type', `${name} must be a string, a boolean or a 32-bit integer`);
    else extensions[name] = value;
  }

  const who = identity(attrs, extensions, problem);
  const channel = extensions[CHANNEL_EXTENSION];
  if (channel !== undefined && typeof channel !== 'string')
    problem(CHANNEL_EXTENSION, 'type', `${CHANNEL_EXTENSION} must be a string`);
  // A touchpoint cannot be stored without the time it happened, and "now" would be a guess.
  if (attrs.time === undefined && !problems.some((p) => p.field === field('time')))
    problem('time', 'required', 'time is required: it becomes the touchpoint occurredAt');
  const properties = dataProperties(ce, problem);
  characterProblems(envelope, index, path, problems);

  if (problems.length > 0) return { event: null, problems };
  return {
    problems,
    event: {
      index,
      path,
      kind: 'cloudevent',
      // A JSON pair cannot be read two ways: no (source, id) joins like another one.
      idempotencyKey: JSON.stringify([attrs.source, attrs.id]),
      name: attrs.type as string,
      customerId: who.customerId,
      anonymousId: who.anonymousId,
      occurredAt: rfc3339Instant(attrs.time as string) as string,
      properties: properties ?? {},
      channelHint: typeof channel === 'string' ? channel : null,
    },
  };
}

type Problem = (name: string, rule: string, message: string) => void;

function formatProblems(attrs: Record<string, string | undefined>, problem: Problem): void {
  if (attrs.specversion !== undefined && attrs.specversion !== '1.0')
    problem('specversion', 'enum', 'specversion must be "1.0" (CloudEvents 1.0)');
  if (attrs.source !== undefined && !isUriReference(attrs.source))
    problem('source', 'format', 'source must be a URI-reference (RFC 3986)');
  if (attrs.dataschema !== undefined && !isAbsoluteUri(attrs.dataschema))
    problem('dataschema', 'format', 'dataschema must be an absolute URI (RFC 3986)');
  if (attrs.time !== undefined && rfc3339Instant(attrs.time) === null)
    problem('time', 'format', 'time must be an RFC 3339 timestamp, e.g. 2026-05-01T10:00:00Z');
  const type = attrs.datacontenttype;
  if (type !== undefined && !isMediaType(type))
    problem('datacontenttype', 'format', 'datacontenttype must be a media type (RFC 2046)');
  else if (type !== undefined && !isJsonMediaType(type))
    problem(
      'datacontenttype',
      'json',
      'datacontenttype must be JSON (application/json or +json): data becomes properties',
    );
}

/**
 * The customer: our `customerid` / `anonymousid` extensions when the event carries either, else
 * `subject`. The extensions say what they hold; `subject` is often a resource (a file, an order),
 * so it is read as the customer only when the producer named no identity explicitly.
 */
function identity(
  attrs: Record<string, string | undefined>,
  extensions: Record<string, unknown>,
  problem: Problem,
): { customerId: string | null; anonymousId: string | null } {
  const read = (name: string): string | null => {
    const value = extensions[name];
    if (value === undefined) return null;
    if (typeof value === 'string') return value;
    problem(name, 'type', `${name} must be a string`);
    return null;
  };
  const customerId = read(CUSTOMER_EXTENSION);
  const anonymousId = read(ANONYMOUS_EXTENSION);
  const named = CUSTOMER_EXTENSION in extensions || ANONYMOUS_EXTENSION in extensions;
  if (named) return { customerId, anonymousId };
  if (attrs.subject !== undefined) return { customerId: attrs.subject, anonymousId: null };
  problem(
    'subject',
    'required',
    `a customer is required: subject, or the ${CUSTOMER_EXTENSION} or ${ANONYMOUS_EXTENSION} extension`,
  );
  return { customerId: null, anonymousId: null };
}

/**
 * `data` becomes the properties mapping rules read by name: a JSON object, or nothing. Any other
 * value has no names to read, and binary data (`data_base64`) no JSON at all: both are refused
 * rather than stored under a key we would have to invent.
 */
function dataProperties(
  ce: Record<string, unknown>,
  problem: Problem,
): Record<string, unknown> | null {
  if (ce.data_base64 !== undefined && ce.data_base64 !== null)
    problem('data_base64', 'json', 'binary data (data_base64) cannot be read: send JSON data');
  const data = ce.data;
  if (data === undefined || data === null) return null;
  if (typeof data !== 'object' || Array.isArray(data)) {
    problem('data', 'type', 'data must be a JSON object: its members become the properties');
    return null;
  }
  return data as Record<string, unknown>;
}
