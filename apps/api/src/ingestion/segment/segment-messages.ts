import { AppError, FieldProblem, ValidationFailedError } from '../../common/app-error';
import { isIsoInstantWithOffset } from '../validation/custom-rules';
import { ExternalEvent } from '../external-events/external-event';

/** Segment's own limits (its HTTP API refuses larger; its clients never send them). */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
/** As many as a native batch may hold. */
export const MAX_BATCH_EVENTS = 1000;

export type SegmentCall = 'track' | 'identify' | 'page' | 'screen';
const CALLS: ReadonlySet<string> = new Set<SegmentCall>(['track', 'identify', 'page', 'screen']);
/** Valid Segment calls that say nothing about journeys: accepted and left aside. */
const IGNORED: ReadonlySet<string> = new Set(['alias', 'group']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `POST /v1/segment/batch`: `{batch: [...], sentAt?, context?}` as external events. */
export function parseSegmentBatch(body: unknown, bytes: number, now: Date): ExternalEvent[] {
  if (bytes > MAX_BATCH_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', `A Segment batch must be at most 500 KB`, {
      limit: MAX_BATCH_BYTES,
      bytes,
    });
  const problems: FieldProblem[] = [];
  const fail = (field: string, rule: string, message: string) => {
    problems.push({ index: null, field, rule, message });
    return new ValidationFailedError('INVALID_TOUCHPOINT', problems);
  };
  if (!isObject(body)) throw fail('', 'type', 'body must be a JSON object {"batch": [...]}');
  const list = body.batch;
  if (!Array.isArray(list)) throw fail('batch', 'type', 'batch must be an array');
  if (list.length > MAX_BATCH_EVENTS)
    throw fail('batch', 'maxItems', `batch must hold at most ${MAX_BATCH_EVENTS} events`);
  let sentAt: string | undefined;
  if (body.sentAt !== undefined && body.sentAt !== null) {
    if (isIsoInstantWithOffset(body.sentAt)) sentAt = body.sentAt;
    else throw fail('sentAt', 'format', 'sentAt must be an ISO-8601 date-time with an offset');
  }
  const shared = { sentAt, context: body.context, now, sized: bytes > MAX_EVENT_BYTES };
  const events: ExternalEvent[] = [];
  list.forEach((raw, i) => {
    const event = messageEvent(raw, i, `batch[${i}]`, null, shared, problems);
    if (event) events.push(event);
  });
  if (problems.length > 0) throw new ValidationFailedError('INVALID_TOUCHPOINT', problems);
  return events;
}

/** `POST /v1/segment/{call}`: one message, its type given by the path. */
export function parseSegmentMessage(
  call: SegmentCall,
  body: unknown,
  bytes: number,
  now: Date,
): ExternalEvent[] {
  const problems: FieldProblem[] = [];
  if (bytes > MAX_EVENT_BYTES)
    problems.push({
      index: 0,
      field: '',
      rule: 'maxBytes',
      message: 'an event must be at most 32 KB',
    });
  const shared = { sentAt: undefined, context: undefined, now, sized: false };
  const event = problems.length ? null : messageEvent(body, 0, '', call, shared, problems);
  if (problems.length > 0) throw new ValidationFailedError('INVALID_TOUCHPOINT', problems);
  return event ? [event] : [];
}

interface Shared {
  /** The batch's own sentAt, for events without one. */
  readonly sentAt: string | undefined;
  readonly context: unknown;
  readonly now: Date;
  /** Whether single events may pass 32 KB (only when the whole body does). */
  readonly sized: boolean;
}

function messageEvent(
  raw: unknown,
  index: number,
  path: string,
  call: SegmentCall | null,
  shared: Shared,
  problems: FieldProblem[],
): ExternalEvent | null {
  const before = problems.length;
  const field = (name: string) => (path ? (name ? `${path}.${name}` : path) : name);
  const problem = (name: string, rule: string, message: string) =>
    problems.push({ index, field: field(name), rule, message: `${field(name)} ${message}` });
  if (!isObject(raw)) {
    problem('', 'type', 'must be a JSON object');
    return null;
  }
  if (shared.sized && Buffer.byteLength(JSON.stringify(raw)) > MAX_EVENT_BYTES)
    problem('', 'maxBytes', 'must be at most 32 KB (Segment limit per event)');
  const type = call ?? raw.type;
  if (typeof type === 'string' && IGNORED.has(type)) return null;
  if (typeof type !== 'string' || !CALLS.has(type)) {
    problem('type', 'enum', 'must be one of: track, identify, page, screen, alias, group');
    return null;
  }
  const kind = type as SegmentCall;
  const text = (name: string, required: boolean): string | null => {
    const v = raw[name];
    if (v === undefined || v === null || v === '') {
      if (required) problem(name, 'required', 'is required');
      return null;
    }
    if (typeof v === 'string') return v;
    // Segment's clients let ids be numbers; they are the same id as text.
    if (typeof v === 'number' && Number.isFinite(v) && name.endsWith('Id')) return String(v);
    problem(name, 'type', 'must be a string');
    return null;
  };
  const instant = (name: string, v: unknown): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (isIsoInstantWithOffset(v)) return v;
    problem(
      name,
      'format',
      'must be an ISO-8601 date-time with an offset, e.g. 2026-05-01T10:00:00Z',
    );
    return undefined;
  };
  const messageId = text('messageId', true);
  const idProblems = problems.length;
  const customerId = text('userId', false);
  const anonymousId = text('anonymousId', false);
  if (customerId === null && anonymousId === null && problems.length === idProblems)
    problem('userId', 'required', 'or anonymousId is required');
  const name =
    kind === 'track' ? text('event', true) : kind === 'identify' ? '' : (text('name', false) ?? '');
  const propsField = kind === 'identify' ? 'traits' : 'properties';
  const props = raw[propsField] ?? {};
  if (!isObject(props)) problem(propsField, 'type', 'must be an object');
  const timestamp = instant('timestamp', raw.timestamp);
  const original = instant('originalTimestamp', raw.originalTimestamp);
  const sentAt = instant('sentAt', raw.sentAt) ?? shared.sentAt;
  const context = isObject(raw.context)
    ? raw.context
    : isObject(shared.context)
      ? shared.context
      : {};
  if (problems.length > before) return null;
  return {
    index,
    path,
    kind,
    idempotencyKey: messageId!,
    name: name ?? '',
    customerId,
    anonymousId,
    occurredAt: occurredAt(timestamp, original, sentAt, shared.now),
    properties: props as Json,
    channelHint: channelHint(context),
  };
}

/**
 * Segment's time rule: `timestamp` as sent; else `originalTimestamp` moved by how far the
 * sender's clock was off (our receipt time minus its `sentAt`); else the time we received it.
 */
export function occurredAt(
  timestamp: string | undefined,
  original: string | undefined,
  sentAt: string | undefined,
  now: Date,
): string {
  if (timestamp !== undefined) return timestamp;
  if (original === undefined) return now.toISOString();
  if (sentAt === undefined) return original;
  return new Date(Date.parse(original) + (now.getTime() - Date.parse(sentAt))).toISOString();
}

/** `context.channel` ('browser', 'mobile', 'server'), else the library's name. */
function channelHint(context: Json): string | null {
  if (typeof context.channel === 'string' && context.channel !== '') return context.channel;
  const library = context.library;
  if (isObject(library) && typeof library.name === 'string' && library.name !== '')
    return library.name;
  return null;
}
