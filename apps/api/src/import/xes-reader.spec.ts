import { Readable } from 'node:stream';
import { readXesEvents, XesEvent } from './xes-reader';

const XES = `<?xml version="1.0" encoding="utf-8" ?>
<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">
  <global scope="event"><string key="concept:name" value="__default__"/></global>
  <string key="origin" value="csv"/>
  <trace>
    <string key="concept:name" value="Case 1"/>
    <event>
      <string key="concept:name" value="Open &amp; assign"/>
      <date key="time:timestamp" value="2012-10-09T14:50:17+00:00"/>
      <string key="org:resource" value="Ann"/>
      <int key="priority" value="3"/>
      <float key="cost" value="2.5"/>
      <boolean key="urgent" value="true"/>
      <list key="tags"><string key="tag" value="nested"/></list>
    </event>
    <event><string key="concept:name" value="Café"/></event>
  </trace>
  <trace>
    <string key="concept:name" value="Case 2"/>
    <event><string key="concept:name" value="Close"/></event>
  </trace>
</log>`;

async function all(input: Readable): Promise<XesEvent[]> {
  const out: XesEvent[] = [];
  for await (const e of readXesEvents(input)) out.push(e);
  return out;
}

describe('XES event reader', () => {
  it('reads events in file order with their trace, typed values, no nested or global ones', async () => {
    const events = await all(Readable.from([XES]));
    expect(events).toEqual([
      {
        index: 1,
        trace: { 'concept:name': 'Case 1' },
        attributes: {
          'concept:name': 'Open & assign',
          'time:timestamp': '2012-10-09T14:50:17+00:00',
          'org:resource': 'Ann',
          priority: 3,
          cost: 2.5,
          urgent: true,
        },
      },
      { index: 2, trace: { 'concept:name': 'Case 1' }, attributes: { 'concept:name': 'Café' } },
      { index: 3, trace: { 'concept:name': 'Case 2' }, attributes: { 'concept:name': 'Close' } },
    ]);
  });

  it('reads the same from one-byte chunks (a character split across chunks stays whole)', async () => {
    const bytes = Buffer.from(XES, 'utf8');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    const events = await all(Readable.from(chunks));
    expect(events.map((e) => e.attributes['concept:name'])).toEqual([
      'Open & assign',
      'Café',
      'Close',
    ]);
  });

  it('fails on a file that is not well-formed', async () => {
    await expect(all(Readable.from(['<log><trace></log>']))).rejects.toThrow(
      /XES is not well-formed/,
    );
  });
});
