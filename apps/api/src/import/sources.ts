import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline, Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { CHANNELS, deterministicEventId, OUTCOMES } from '@journey/events';
import { applyMapping, Mapping } from './mapping';
import { readXesEvents, XesEvent } from './xes-reader';

/**
 * A file as a stream of candidate touchpoints, one per row (NDJSON line, CSV record, XES event),
 * each numbered so a reject names its row and an id can be derived from it. Every reader pulls
 * its next chunk only when the import asks for the next row, so the file never sits in memory.
 * CSV through `csv-parse`: maintained, streaming, RFC 4180 quoting (quoted commas and line breaks),
 * and it numbers the lines a record ends on.
 */

export type ImportFormat = 'ndjson' | 'csv' | 'xes';

export interface SourceRow {
  /** NDJSON and CSV: the line of the file (a CSV record's last line); XES: the event's number. */
  readonly row: number;
  /** The candidate touchpoint, or a reason it could not even be read. */
  readonly value?: Record<string, unknown>;
  readonly unreadable?: string;
}

export interface SourceOptions {
  readonly format: ImportFormat;
  readonly mapping: Mapping;
  /** Stable identity of the file's content (see file-identity.ts), seeds derived ids. */
  readonly fileId: string;
  /** XES: the trace's concept:name is the customer (default) or the journey instance. */
  readonly traceAs: 'customer' | 'instance';
  /** XES with traceAs instance: the trace (else event) attribute holding the customer id. */
  readonly customerAttr?: string;
  /** Bytes of the (compressed) file read so far, for the progress bar. */
  readonly onBytes?: (bytes: number) => void;
}

export function formatOf(file: string): ImportFormat | null {
  const m = /\.(ndjson|jsonl|csv|xes)(\.gz)?$/i.exec(file);
  if (!m) return null;
  const ext = m[1].toLowerCase();
  return ext === 'jsonl' ? 'ndjson' : (ext as ImportFormat);
}

export function openFile(file: string, onBytes?: (bytes: number) => void): Readable {
  let bytes = 0;
  // Counted in a transform, not a 'data' listener, which would switch the file to flowing mode
  // and bypass backpressure.
  const counted = pipeline(
    createReadStream(file, { highWaterMark: 256 * 1024 }),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        onBytes?.((bytes += chunk.length));
        done(null, chunk);
      },
    }),
    () => undefined, // errors reach the reader through the last stream
  );
  return /\.gz$/i.test(file) ? pipeline(counted, createGunzip(), () => undefined) : counted;
}

export async function* readRows(file: string, o: SourceOptions): AsyncGenerator<SourceRow> {
  const input = openFile(file, o.onBytes);
  const withId = (row: number, value: Record<string, unknown>): SourceRow => {
    if (value.id === undefined) value.id = deterministicEventId('import', o.fileId, String(row));
    return { row, value };
  };
  if (o.format === 'ndjson') {
    let line = 0;
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        yield { row: line, unreadable: `not JSON: ${(err as Error).message}` };
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        yield { row: line, unreadable: 'a line must hold one touchpoint object' };
      else yield withId(line, withConstants(value as Record<string, unknown>, o.mapping));
    }
  } else if (o.format === 'csv') {
    const parser = input.pipe(
      parse({
        columns: true,
        info: true,
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
      }),
    );
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield withId(info.lines, applyMapping(record, o.mapping));
    }
  } else {
    for await (const event of readXesEvents(input)) {
      yield withId(event.index, xesTouchpoint(event, o));
    }
  }
}

/** NDJSON lines are touchpoints already: --set overrides a field, --default fills a missing one. */
function withConstants(value: Record<string, unknown>, mapping: Mapping): Record<string, unknown> {
  if (mapping.constants.size === 0 && mapping.defaults.size === 0) return value;
  const fill = applyMapping({}, { ...mapping, columns: new Map(), constants: new Map() });
  const set = applyMapping({}, { ...mapping, columns: new Map(), defaults: new Map() });
  const out = { ...fill, ...value, ...set };
  const own = value.attributes;
  // Merged only into an object: anything else stays for the validation to name.
  if ((fill.attributes || set.attributes) && (own === undefined || isObject(own)))
    out.attributes = { ...(fill.attributes as object), ...own, ...(set.attributes as object) };
  else if (own !== undefined) out.attributes = own;
  return out;
}

const isObject = (v: unknown): v is object =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const XES_OWN = new Set(['concept:name', 'time:timestamp', 'org:resource']);
/** What this engine's own export writes per event and a re-import derives again or drops. */
const EXPORT_DERIVED = new Set(['touchpointId', 'lifecycle:transition', 'friction:types']);

/**
 * An exported log read back: `channel`, `outcome` and `stage` become those fields when they hold
 * values the engine takes (a foreign log's `channel: Internet` stays an attribute), and
 * `attribute:<name>` (an attribute renamed on export) becomes attribute <name> again.
 */
function engineFields(attributes: Readonly<Record<string, unknown>>) {
  const fields: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (XES_OWN.has(k) || EXPORT_DERIVED.has(k)) continue;
    if (k === 'channel' && (CHANNELS as readonly unknown[]).includes(v)) fields.channel = v;
    else if (k === 'outcome' && (OUTCOMES as readonly unknown[]).includes(v)) fields.outcome = v;
    else if (k === 'stage' && typeof v === 'string') fields.stage = v;
    else if (k.startsWith('attribute:')) rest[k.slice('attribute:'.length)] = v;
    else rest[k] = v;
  }
  return { fields, rest };
}

/**
 * concept:name -> step, time:timestamp -> occurredAt, org:resource -> agentId, the other event
 * attributes -> attributes (this engine's exported channel, outcome and stage back to fields); the
 * trace's concept:name -> customerId, or journeyInstanceId with `--trace-as instance` (the
 * customer then from --customer-attr). Other process-mining logs carry no channel: `other`
 * unless set. --map/--set/--default apply on top (columns are attribute keys).
 */
export function xesTouchpoint(e: XesEvent, o: SourceOptions): Record<string, unknown> {
  const traceName = e.trace['concept:name'];
  const out: Record<string, unknown> = { channel: 'other' };
  const put = (field: string, v: unknown) => {
    if (v !== undefined)
      out[field] = typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
  };
  put('step', e.attributes['concept:name']);
  put('occurredAt', e.attributes['time:timestamp']);
  put('agentId', e.attributes['org:resource']);
  if (o.traceAs === 'instance') {
    put('journeyInstanceId', traceName);
    const key = o.customerAttr!;
    put('customerId', e.trace[key] ?? e.attributes[key]);
  } else put('customerId', traceName);
  const { fields: own, rest: attributes } = engineFields(e.attributes);
  Object.assign(out, own);
  if (Object.keys(attributes).length > 0) out.attributes = attributes;
  for (const [field, value] of o.mapping.defaults)
    if (!field.startsWith('attributes.') && out[field] === undefined) put(field, value);
  const mapped = applyMapping(
    { ...e.trace, ...e.attributes },
    { ...o.mapping, defaults: new Map() },
  );
  const { attributes: extra, ...fields } = mapped;
  Object.assign(out, fields);
  if (extra) out.attributes = { ...(out.attributes as object), ...(extra as object) };
  return out;
}
