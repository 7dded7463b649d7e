import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** ../shared/data/helpdesk.xes.gz: a real help-desk event log (see shared/data/README.md). */
export const HELPDESK_FILE = path.resolve(__dirname, '../../../shared/data/helpdesk.xes.gz');

export interface LogEvent {
  readonly activity: string;
  readonly time: number;
  /** The timestamp as written in the file (ISO-8601 with offset). */
  readonly timestamp: string;
  /** Position in the file: breaks ties of time. */
  readonly index: number;
}

/** A small XES reader: traces with their case id, events with activity and timestamp. */
export function readXes(file: string): Map<string, LogEvent[]> {
  const xml = gunzipSync(readFileSync(file)).toString('utf8');
  const attr = (block: string, key: string) =>
    new RegExp(`<(?:string|date) key="${key}" value="([^"]*)"`).exec(block)?.[1];
  const cases = new Map<string, LogEvent[]>();
  let index = 0;
  for (const [, trace] of xml.matchAll(/<trace>([\s\S]*?)<\/trace>/g)) {
    const head = trace.slice(0, trace.indexOf('<event>'));
    const caseId = attr(head, 'concept:name');
    if (caseId === undefined || cases.has(caseId)) throw new Error(`Bad case id: ${caseId}`);
    const events: LogEvent[] = [];
    for (const [, event] of trace.matchAll(/<event>([\s\S]*?)<\/event>/g)) {
      const activity = attr(event, 'concept:name');
      const timestamp = attr(event, 'time:timestamp') ?? '';
      const time = Date.parse(timestamp);
      if (activity === undefined || Number.isNaN(time)) throw new Error(`Bad event in ${caseId}`);
      events.push({ activity: decodeXml(activity), time, timestamp, index: index++ });
    }
    cases.set(decodeXml(caseId), events);
  }
  return cases;
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
