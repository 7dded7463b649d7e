import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Channel } from '@journey/events';

/** ../shared/data/receipt.csv: a real permit-receipt event log (see shared/data/README.md). */
export const RECEIPT_FILE = path.resolve(__dirname, '../../../shared/data/receipt.csv');

/**
 * The log's `case:channel` (how the application came in) as our channels: Internet -> web,
 * e-mail -> email (both self-service), Desk -> store (the municipality's counter), Post -> mail
 * (both assisted), Intern (filed by the municipality itself) -> back_office (neither).
 */
export const RECEIPT_CHANNELS: Readonly<Record<string, Channel>> = {
  Internet: 'web',
  'e-mail': 'email',
  Desk: 'store',
  Post: 'mail',
  Intern: 'back_office',
};

export interface ReceiptEvent {
  /** `concept:instance`: unique per event, so a touchpoint id. */
  readonly taskId: string;
  readonly activity: string;
  /** `case:channel` as written in the file (one per case). */
  readonly channel: string;
  readonly resource: string;
  readonly lifecycle: string;
  readonly time: number;
  /** Position in the file: breaks ties of time. */
  readonly index: number;
}

/** Reads the log: events per case id, in file order. */
export function readReceiptLog(file: string = RECEIPT_FILE): Map<string, ReceiptEvent[]> {
  const [header, ...lines] = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const columns = parseCsvLine(header);
  const col = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`No column ${name} in ${file}`);
    return i;
  };
  const [caseCol, channelCol, taskCol, activityCol, lifecycleCol, resourceCol, timeCol] = [
    'case:concept:name',
    'case:channel',
    'concept:instance',
    'concept:name',
    'lifecycle:transition',
    'org:resource',
    'time:timestamp',
  ].map(col);
  const cases = new Map<string, ReceiptEvent[]>();
  lines.forEach((line, index) => {
    const cells = parseCsvLine(line);
    const time = parseTimestamp(cells[timeCol]);
    if (cells.length !== columns.length || Number.isNaN(time)) {
      throw new Error(`Bad line ${index + 2} of ${file}`);
    }
    const event: ReceiptEvent = {
      taskId: cells[taskCol],
      activity: cells[activityCol],
      channel: cells[channelCol],
      resource: cells[resourceCol],
      lifecycle: cells[lifecycleCol],
      time,
      index,
    };
    const events = cases.get(cells[caseCol]);
    if (events) events.push(event);
    else cases.set(cells[caseCol], [event]);
  });
  return cases;
}

/** `2011-10-11 13:45:40.276000+02:00` (microseconds, space) to epoch ms. */
function parseTimestamp(text: string | undefined): number {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?([+-]\d\d:\d\d|Z)$/.exec(
    text ?? '',
  );
  if (!m) return Number.NaN;
  const ms = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
  return Date.parse(`${m[1]}T${m[2]}.${ms}${m[4]}`);
}

/** One CSV line (RFC 4180 quoting; the file has none today, but cells may). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') cell += line[i++];
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
