import type { IncomingHttpHeaders } from 'node:http';
import { FieldProblem, ValidationFailedError } from '../../common/app-error';
import { ExternalEvent } from '../external-events/external-event';
import { MAX_BATCH } from '../record-touchpoints/touchpoints.pipe';
import { readEnvelope } from './cloudevent-envelope';
import { percentDecode } from './cloudevent-formats';

export const STRUCTURED_TYPE = 'application/cloudevents+json';
export const BATCH_TYPE = 'application/cloudevents-batch+json';
/** As native batches: one request, at most this many events. */
export const MAX_CLOUDEVENTS_BATCH = MAX_BATCH;
export const INVALID_CLOUDEVENT = 'INVALID_CLOUDEVENT';

/** What the HTTP binding reads of a request: its headers and its body (parsed when JSON). */
export interface CloudEventsMessage {
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  readonly body: unknown;
  readonly hasBody: boolean;
}

/**
 * The CloudEvents of one HTTP request (CloudEvents 1.0 HTTP binding: structured, batch or binary
 * mode), read into ExternalEvents; any problem in any envelope refuses the whole request, before
 * anything reaches the ingestion.
 */
export function readCloudEvents(message: CloudEventsMessage): ExternalEvent[] {
  const problems: FieldProblem[] = [];
  const events: ExternalEvent[] = [];
  const take = (envelope: unknown, index: number, path: string) => {
    const read = readEnvelope(envelope, index, path);
    problems.push(...read.problems);
    if (read.event) events.push(read.event);
  };
  const contentType = essence(message.headers['content-type']);
  if (contentType === STRUCTURED_TYPE) {
    // Structured mode: the body is the event; any ce-* headers are ignored (binding §3.2).
    take(message.body, 0, '');
  } else if (contentType === BATCH_TYPE) {
    batchItems(message.body, problems).forEach((item, i) => take(item, i, `[${i}]`));
    problems.push(...repeatedKeys(events));
  } else if (contentType?.startsWith('application/cloudevents')) {
    problems.push(
      requestProblem('format', `only the JSON event format is read (got ${contentType})`),
    );
  } else if (message.headers['ce-specversion'] !== undefined) {
    take(binaryEnvelope(message, problems), 0, '');
  } else {
    problems.push(
      requestProblem(
        'mode',
        `not a CloudEvent: send ${STRUCTURED_TYPE}, ${BATCH_TYPE}, or ce-* headers (binary mode)`,
      ),
    );
  }
  if (problems.length > 0) throw new ValidationFailedError(INVALID_CLOUDEVENT, problems);
  return events;
}

function essence(header: string | undefined): string | undefined {
  return header?.split(';')[0].trim().toLowerCase();
}

function requestProblem(rule: string, message: string): FieldProblem {
  return { index: null, field: 'content-type', rule, message };
}

function batchItems(body: unknown, problems: FieldProblem[]): unknown[] {
  const problem = (rule: string, message: string) =>
    problems.push({ index: null, field: '', rule, message });
  if (!Array.isArray(body)) {
    problem('type', 'a batch must be a JSON array of CloudEvents');
    return [];
  }
  if (body.length < 1 || body.length > MAX_CLOUDEVENTS_BATCH) {
    problem(
      body.length < 1 ? 'minItems' : 'maxItems',
      `a batch must hold 1 to ${MAX_CLOUDEVENTS_BATCH} CloudEvents`,
    );
    return [];
  }
  return body;
}

/**
 * The same source + id twice in one batch: the spec makes them the event's identity, so two
 * different events under it are the producer's mistake (as a repeated id in a native batch).
 */
function repeatedKeys(events: readonly ExternalEvent[]): FieldProblem[] {
  const first = new Map<string, number>();
  const out: FieldProblem[] = [];
  for (const e of events) {
    const seen = first.get(e.idempotencyKey);
    if (seen === undefined) first.set(e.idempotencyKey, e.index);
    else
      out.push({
        index: e.index,
        field: `${e.path}.id`,
        rule: 'unique',
        message: `source + id repeat item ${seen} of the batch`,
      });
  }
  return out;
}

/**
 * Binary mode: each `ce-<name>` header is the attribute <name> (percent-decoded); Content-Type is
 * datacontenttype and the body is the data. Non-JSON data is not read (we could not map it):
 * its Content-Type is refused as datacontenttype by the envelope's rules.
 */
function binaryEnvelope(message: CloudEventsMessage, problems: FieldProblem[]): unknown {
  const envelope: Record<string, unknown> = {};
  const problem = (field: string, rule: string, text: string) =>
    problems.push({ index: 0, field, rule, message: text });
  for (const [header, raw] of Object.entries(message.headers)) {
    if (!header.startsWith('ce-') || raw === undefined) continue;
    const name = header.slice('ce-'.length);
    if (name === 'data' || name === 'datacontenttype') {
      problem(name, 'binaryMode', `in binary mode ${name} travels in the body's Content-Type`);
      continue;
    }
    const text = Array.isArray(raw) ? raw.join(',') : raw;
    const value = percentDecode(text);
    if (value === null) problem(name, 'encoding', `header ${header} has a malformed %-escape`);
    // Kept as sent when undecodable, so its other rules do not report it missing.
    envelope[name] = value ?? text;
  }
  const contentType = message.headers['content-type'];
  if (contentType !== undefined) envelope.datacontenttype = contentType;
  else if (message.hasBody)
    problem('datacontenttype', 'required', 'binary-mode data needs its Content-Type');
  if (message.hasBody) envelope.data = message.body;
  return envelope;
}
