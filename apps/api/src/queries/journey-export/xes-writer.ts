import { AttributeValue } from '@journey/events';
import { ExportEvent, ExportTrace, TraceWriter } from './export-trace';
import { xmlAttr } from './xml-escape';

/**
 * IEEE 1849-2016 XES. Standard extensions carry what tools know (case and activity names,
 * timestamps, lifecycle, resource); the rest are plain typed attributes. Every trace and every
 * event has the attributes declared as globals, so tools may rely on them; stage, agent, frictions
 * and touchpoint attributes only appear where they have a value.
 */
const EXTENSIONS = [
  ['Concept', 'concept', 'http://www.xes-standard.org/concept.xesext'],
  ['Time', 'time', 'http://www.xes-standard.org/time.xesext'],
  ['Lifecycle', 'lifecycle', 'http://www.xes-standard.org/lifecycle.xesext'],
  ['Organizational', 'org', 'http://www.xes-standard.org/org.xesext'],
] as const;

const EPOCH = new Date(0);

/** Keys of the engine's own event attributes: a touchpoint attribute of the same name is renamed. */
const EVENT_KEYS = new Set([
  'concept:name',
  'time:timestamp',
  'lifecycle:transition',
  'org:resource',
  'touchpointId',
  'stage',
  'channel',
  'outcome',
  'friction:types',
]);

/** A touchpoint attribute's key in the log: its own, unless the engine's attributes use it. */
export const attributeKey = (name: string): string =>
  EVENT_KEYS.has(name) ? `attribute:${name}` : name;

const str = (key: string, value: string) =>
  `<string key="${xmlAttr(key)}" value="${xmlAttr(value)}"/>`;
const date = (key: string, value: Date) => `<date key="${xmlAttr(key)}" value="${iso(value)}"/>`;
const int = (key: string, value: number) => `<int key="${xmlAttr(key)}" value="${value}"/>`;

/** ISO 8601 with milliseconds and Z, as xs:dateTime takes it. */
export const iso = (d: Date): string => d.toISOString();

/** A touchpoint attribute as the XES type of its JSON value. */
export function typedAttribute(key: string, v: AttributeValue): string {
  if (typeof v === 'boolean') return `<boolean key="${xmlAttr(key)}" value="${v}"/>`;
  if (typeof v === 'number') {
    // xs:long holds safe integers; anything else is a double (never NaN or Infinity in JSON).
    return Number.isSafeInteger(v) ? int(key, v) : `<float key="${xmlAttr(key)}" value="${v}"/>`;
  }
  return str(key, v);
}

export class XesWriter implements TraceWriter {
  readonly contentType = 'application/xml; charset=utf-8';
  readonly extension = 'xes';

  head(journey: string): string {
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">',
      ...EXTENSIONS.map(
        ([name, prefix, uri]) => `<extension name="${name}" prefix="${prefix}" uri="${uri}"/>`,
      ),
      '<global scope="trace">',
      str('concept:name', '__INVALID__'),
      str('customerId', ''),
      str('status', ''),
      date('startedAt', EPOCH),
      date('lastActivityAt', EPOCH),
      int('friction:count', 0),
      '</global>',
      '<global scope="event">',
      str('concept:name', '__INVALID__'),
      date('time:timestamp', EPOCH),
      str('lifecycle:transition', 'complete'),
      str('touchpointId', ''),
      str('channel', ''),
      str('outcome', ''),
      '</global>',
      '<classifier name="Activity" keys="concept:name"/>',
      '<classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>',
      str('concept:name', journey),
      str('lifecycle:model', 'standard'),
      '',
    ].join('\n');
  }

  trace(t: ExportTrace): string {
    const count = Object.values(t.frictions).reduce((a, b) => a + b, 0);
    const lines = [
      '<trace>',
      str('concept:name', t.instanceId),
      str('customerId', t.customerId),
      str('status', t.status),
      date('startedAt', t.startedAt),
      date('lastActivityAt', t.lastActivityAt),
      int('friction:count', count),
      ...Object.entries(t.frictions).map(([type, n]) => int(`friction:${type}`, n)),
      ...t.events.map(eventXml),
      '</trace>',
      '',
    ];
    return lines.join('\n');
  }

  tail(): string {
    return '</log>\n';
  }
}

function eventXml(e: ExportEvent): string {
  // Concatenated with the engine's keys as literals: this runs once per exported event.
  let x =
    `<event><string key="concept:name" value="${xmlAttr(e.step)}"/>` +
    `<date key="time:timestamp" value="${iso(e.occurredAt)}"/>` +
    '<string key="lifecycle:transition" value="complete"/>' +
    `<string key="touchpointId" value="${xmlAttr(e.touchpointId)}"/>` +
    `<string key="channel" value="${xmlAttr(e.channel)}"/>` +
    `<string key="outcome" value="${xmlAttr(e.outcome)}"/>`;
  if (e.stage !== null) x += `<string key="stage" value="${xmlAttr(e.stage)}"/>`;
  if (e.agentId !== null) x += `<string key="org:resource" value="${xmlAttr(e.agentId)}"/>`;
  if (e.frictionTypes.length > 0) x += str('friction:types', e.frictionTypes.join(','));
  for (const name in e.attributes) x += typedAttribute(attributeKey(name), e.attributes[name]);
  return `${x}</event>`;
}
