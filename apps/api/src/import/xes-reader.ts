import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import sax from 'sax';

/**
 * Streaming XES (IEEE 1849) reader on `sax`: a maintained SAX parser with no native parts, fed
 * chunk by chunk, so memory holds one chunk and the current trace's attributes, never the file.
 */

export type XesValue = string | number | boolean;

export interface XesEvent {
  /** Position of the event in the file, from 1: the import's row number. */
  readonly index: number;
  /** The trace's attributes read so far (XES writers put them before the events). */
  readonly trace: Readonly<Record<string, XesValue>>;
  readonly attributes: Record<string, XesValue>;
}

const TYPES = new Set(['string', 'date', 'int', 'float', 'boolean', 'id']);

function typed(type: string, value: string): XesValue {
  if (type === 'int' || type === 'float') {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  if (type === 'boolean') return value === 'true';
  return value;
}

/** The events of an XES stream in file order, each with its trace's attributes. */
export async function* readXesEvents(input: Readable): AsyncGenerator<XesEvent> {
  const parser = sax.parser(true, { trim: false });
  const ready: XesEvent[] = [];
  // Element names from the root down; attributes are taken only as direct children of a
  // trace or an event (nested ones, lists and <global> defaults are not the event's own).
  const stack: string[] = [];
  let trace: Record<string, XesValue> = {};
  let event: Record<string, XesValue> | null = null;
  let index = 0;
  let failure: Error | null = null;
  parser.onopentag = (node) => {
    const name = node.name;
    const parent = stack[stack.length - 1];
    stack.push(name);
    if (name === 'trace' && parent === 'log') trace = {};
    else if (name === 'event' && (parent === 'trace' || parent === 'log')) event = {};
    else if (TYPES.has(name) && (parent === 'trace' || parent === 'event')) {
      const key = node.attributes.key;
      const value = node.attributes.value;
      if (typeof key !== 'string' || typeof value !== 'string') return;
      const target = parent === 'event' ? event : trace;
      if (target) target[key] = typed(name, value);
    }
  };
  parser.onclosetag = (name) => {
    stack.pop();
    if (name === 'event' && event) {
      ready.push({ index: ++index, trace, attributes: event });
      event = null;
    }
  };
  parser.onerror = (err) => {
    failure = err;
  };
  // A decoder keeps a character split across two chunks whole.
  const decoder = new StringDecoder('utf8');
  const drain = function* () {
    if (failure) throw new Error(`XES is not well-formed: ${(failure as Error).message}`);
    const batch = ready.splice(0);
    yield* batch;
  };
  for await (const chunk of input) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    // Handed out per chunk: the next chunk is read only when the consumer asks (backpressure).
    yield* drain();
  }
  parser.write(decoder.end()).close();
  yield* drain();
}
