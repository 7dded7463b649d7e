import { SAXParser } from 'sax';

/** A trace of a parsed XES log: its attributes and its events' attributes, by key. */
export interface XesTrace {
  readonly attributes: Record<string, { type: string; value: string }>;
  readonly events: Record<string, { type: string; value: string }>[];
}

const TYPES = new Set(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Parses an XES document strictly and checks what IEEE 1849-2016's schema requires of it: a `log`
 * root with xes.version, extensions declared before any attribute uses their prefix, typed
 * attributes of the standard's types, `concept:name` on every trace, `concept:name` and a date
 * `time:timestamp` on every event. Throws naming the first problem; returns the traces.
 */
export function checkXes(xml: string): XesTrace[] {
  const parser = new SAXParser(true, { xmlns: false });
  const prefixes = new Set<string>();
  const traces: XesTrace[] = [];
  const path: string[] = [];
  let trace: XesTrace | null = null;
  let event: XesTrace['events'][number] | null = null;
  const fail = (why: string) => {
    throw new Error(`invalid XES: ${why}`);
  };
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = ({ name, attributes }) => {
    const a = attributes as Record<string, string>;
    if (path.length === 0) {
      if (name !== 'log') fail(`root is ${name}`);
      if (!a['xes.version']) fail('log has no xes.version');
    }
    const parent = path[path.length - 1];
    path.push(name);
    if (name === 'extension') {
      if (parent !== 'log' || !a.name || !a.prefix || !a.uri) fail('bad extension');
      prefixes.add(a.prefix);
    } else if (name === 'trace') {
      trace = { attributes: {}, events: [] };
      traces.push(trace);
    } else if (name === 'event') {
      event = {};
      trace?.events.push(event);
    } else if (TYPES.has(name)) {
      if (a.key === undefined || a.value === undefined) fail(`${name} without key or value`);
      const prefix = a.key.includes(':') ? a.key.split(':')[0] : null;
      if (
        prefix &&
        ['concept', 'time', 'lifecycle', 'org'].includes(prefix) &&
        !prefixes.has(prefix)
      )
        fail(`${a.key} used before its extension`);
      if (name === 'date' && !ISO_MS.test(a.value)) fail(`date ${a.value}`);
      if (name === 'int' && !/^-?\d+$/.test(a.value)) fail(`int ${a.value}`);
      const target = parent === 'event' ? event : parent === 'trace' ? trace?.attributes : null;
      if (target) target[a.key] = { type: name, value: a.value };
    } else if (!['log', 'global', 'classifier'].includes(name)) fail(`unknown element ${name}`);
  };
  parser.onclosetag = () => void path.pop();
  parser.write(xml).close();
  for (const t of traces) {
    if (t.attributes['concept:name']?.type !== 'string') fail('trace without concept:name');
    for (const e of t.events) {
      if (e['concept:name']?.type !== 'string') fail('event without concept:name');
      if (e['time:timestamp']?.type !== 'date') fail('event without a date time:timestamp');
    }
  }
  return traces;
}
