import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileIdentity } from './file-identity';
import { parseMapping } from './mapping';
import { readRows, SourceOptions, SourceRow, xesTouchpoint } from './sources';

const options = (over: Partial<SourceOptions> = {}): SourceOptions => ({
  format: 'xes',
  mapping: parseMapping({ set: ['journey=helpdesk'] }),
  fileId: 'f',
  traceAs: 'customer',
  ...over,
});

const event = {
  index: 7,
  trace: { 'concept:name': 'Case 1' },
  attributes: {
    'concept:name': 'Resolve',
    'time:timestamp': '2012-10-09T14:50:17+00:00',
    'org:resource': 'Value 1',
    customer: 'ACME',
    priority: 3,
  },
};

describe('import sources', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'import-sources-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('XES: the trace is the customer by default, other attributes become attributes', () => {
    expect(xesTouchpoint(event, options())).toEqual({
      channel: 'other',
      journey: 'helpdesk',
      step: 'Resolve',
      occurredAt: '2012-10-09T14:50:17+00:00',
      agentId: 'Value 1',
      customerId: 'Case 1',
      attributes: { customer: 'ACME', priority: 3 },
    });
  });

  it('XES with --trace-as instance: the trace is the instance, the customer an attribute', () => {
    const t = xesTouchpoint(event, options({ traceAs: 'instance', customerAttr: 'customer' }));
    expect(t).toMatchObject({ journeyInstanceId: 'Case 1', customerId: 'ACME' });
  });

  it('XES exported by this engine: channel, outcome and stage come back as fields', () => {
    const exported = {
      ...event,
      attributes: {
        ...event.attributes,
        touchpointId: 'tp-1',
        'lifecycle:transition': 'complete',
        'friction:types': 'failure',
        channel: 'phone',
        outcome: 'failure',
        stage: 'verify',
        'attribute:channel': 'kiosk',
      },
    };
    const t = xesTouchpoint(exported, options());
    expect(t).toMatchObject({ channel: 'phone', outcome: 'failure', stage: 'verify' });
    expect(t.attributes).toEqual({ customer: 'ACME', priority: 3, channel: 'kiosk' });
    // A foreign log's channel that the engine does not take stays an attribute.
    const foreign = { ...event, attributes: { ...event.attributes, channel: 'Internet' } };
    expect(xesTouchpoint(foreign, options())).toMatchObject({
      channel: 'other',
      attributes: { customer: 'ACME', priority: 3, channel: 'Internet' },
    });
  });

  it('XES: --set channel and --map override the defaults', () => {
    const mapping = parseMapping({ map: ['stage=priority'], set: ['channel=phone'] });
    expect(xesTouchpoint(event, options({ mapping }))).toMatchObject({
      channel: 'phone',
      stage: '3',
    });
  });

  it('NDJSON: --set overrides, --default fills, ids derived from file and line', async () => {
    const file = path.join(dir, 'a.ndjson');
    writeFileSync(
      file,
      '{"step":"a","channel":"web"}\n\n{"id":"own","step":"b","attributes":{"x":1}}\n',
    );
    const mapping = parseMapping({
      set: ['journey=j,attributes.origin=crm'],
      default: ['channel=email'],
    });
    const rows: SourceRow[] = [];
    for await (const r of readRows(file, options({ format: 'ndjson', mapping }))) rows.push(r);
    expect(rows.map((r) => r.row)).toEqual([1, 3]);
    expect(rows[0].value).toMatchObject({ step: 'a', channel: 'web', journey: 'j' });
    expect(rows[0].value!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows[1].value).toEqual({
      id: 'own',
      step: 'b',
      channel: 'email',
      journey: 'j',
      attributes: { x: 1, origin: 'crm' },
    });
  });

  it('a file keeps its identity when renamed, not when its content changes', async () => {
    const a = path.join(dir, 'log.csv');
    writeFileSync(a, 'x\n1\n');
    copyFileSync(a, path.join(dir, 'renamed.csv'));
    expect(await fileIdentity(path.join(dir, 'renamed.csv'))).toBe(await fileIdentity(a));
    writeFileSync(path.join(dir, 'other.csv'), 'x\n2\n');
    expect(await fileIdentity(path.join(dir, 'other.csv'))).not.toBe(await fileIdentity(a));
  });
});
