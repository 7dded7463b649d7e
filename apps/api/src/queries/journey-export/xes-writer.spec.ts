import { SAXParser } from 'sax';
import { attributeKey, typedAttribute, XesWriter } from './xes-writer';
import { oneEventTrace } from '../../../test/export-trace-sample';

const trace = oneEventTrace(
  { instanceId: 'auto:<t1>', customerId: `c&"1'`, status: 'completed', frictions: { failure: 2 } },
  {
    step: 'id <check> & "go"\n',
    stage: 'verify',
    agentId: 'agent-7',
    attributes: { plan: 'pro\u0001', seats: 3, ratio: 0.5, vip: true, channel: 'ads' },
    frictionTypes: ['failure'],
  },
);

interface Node {
  name: string;
  attributes: Record<string, string>;
  children: Node[];
}

/** The document as a tree, parsed strictly (a well-formedness error throws). */
function parse(xml: string): Node {
  const parser = new SAXParser(true, {});
  const root: Node = { name: '#root', attributes: {}, children: [] };
  const stack = [root];
  parser.onopentag = (tag) => {
    const node = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      children: [],
    };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  };
  parser.onclosetag = () => void stack.pop();
  parser.onerror = (e) => {
    throw e;
  };
  parser.write(xml).close();
  return root.children[0];
}

const document = () => {
  const w = new XesWriter();
  return w.head('onboarding') + w.trace(trace) + w.tail();
};

describe('XES export', () => {
  it('opens with an IEEE 1849-2016 log declaring the four extensions, globals and classifiers before any trace', () => {
    const log = parse(document());
    expect(log.name).toBe('log');
    expect(log.attributes).toEqual({
      'xes.version': '1849-2016',
      'xes.features': '',
      xmlns: 'http://www.xes-standard.org/',
    });
    const names = log.children.map((c) => c.name);
    expect(names.indexOf('trace')).toBeGreaterThan(names.lastIndexOf('classifier'));
    expect(names.lastIndexOf('extension')).toBeLessThan(names.indexOf('global'));
    expect(
      log.children.filter((c) => c.name === 'extension').map((c) => c.attributes.prefix),
    ).toEqual(['concept', 'time', 'lifecycle', 'org']);
    expect(log.children.filter((c) => c.name === 'global').map((c) => c.attributes.scope)).toEqual([
      'trace',
      'event',
    ]);
  });

  it('escapes markup and control characters so that the values parse back as they were', () => {
    const log = parse(document());
    const t = log.children.find((c) => c.name === 'trace')!;
    const attr = (n: Node, key: string) => n.children.find((c) => c.attributes.key === key);
    expect(attr(t, 'concept:name')!.attributes.value).toBe('auto:<t1>');
    expect(attr(t, 'customerId')!.attributes.value).toBe(`c&"1'`);
    const e = t.children.find((c) => c.name === 'event')!;
    expect(attr(e, 'concept:name')!.attributes.value).toBe('id <check> & "go"\n');
    expect(attr(e, 'plan')!.attributes.value).toBe('pro\ufffd');
  });

  it('types the attributes: dates in ISO 8601 with ms and Z, counts as int, touchpoint attributes by their JSON type', () => {
    const log = parse(document());
    const t = log.children.find((c) => c.name === 'trace')!;
    const e = t.children.find((c) => c.name === 'event')!;
    const byKey = Object.fromEntries(
      e.children.map((c) => [c.attributes.key, [c.name, c.attributes.value]]),
    );
    expect(byKey).toEqual({
      'concept:name': ['string', 'id <check> & "go"\n'],
      'time:timestamp': ['date', '2026-04-01T09:00:00.005Z'],
      'lifecycle:transition': ['string', 'complete'],
      touchpointId: ['string', 't1'],
      channel: ['string', 'web'],
      outcome: ['string', 'failure'],
      stage: ['string', 'verify'],
      'org:resource': ['string', 'agent-7'],
      'friction:types': ['string', 'failure'],
      plan: ['string', 'pro\ufffd'],
      seats: ['int', '3'],
      ratio: ['float', '0.5'],
      vip: ['boolean', 'true'],
      'attribute:channel': ['string', 'ads'],
    });
    const traceKeys = t.children.filter((c) => c.name !== 'event').map((c) => c.attributes.key);
    expect(traceKeys).toEqual([
      'concept:name',
      'customerId',
      'status',
      'startedAt',
      'lastActivityAt',
      'friction:count',
      'friction:failure',
    ]);
  });

  it('renames only touchpoint attributes that collide with the engine keys', () => {
    expect(attributeKey('email')).toBe('email');
    expect(attributeKey('concept:name')).toBe('attribute:concept:name');
    expect(typedAttribute('n', 2 ** 60)).toBe('<float key="n" value="1152921504606847000"/>');
  });
});
