import { existsSync } from 'node:fs';
import { HELPDESK_FILE, LogEvent, readXes } from '../../../../test/data/helpdesk';
import { caseFacts } from '../../test/log-cases';
import { rulesFromDefinition } from './journey-rules';
import { contributionsOf } from './map-contributions';
import { segmentInstances } from './segmentation';

/**
 * A real event log (the help desk of an Italian software company; see shared/data/README.md):
 * every node and edge count of the journey map is checked against a plain count over the file.
 */
const FILE = HELPDESK_FILE;
const THIRTY_DAYS = 30 * 86_400_000;

const increment = (counts: Map<string, number>, key: string) =>
  counts.set(key, (counts.get(key) ?? 0) + 1);

describe('journey map of the helpdesk event log', () => {
  it('finds the data file', () => {
    expect(existsSync(FILE)).toBe(true);
  });

  let cases: Map<string, LogEvent[]>;
  let watermark: number;
  beforeAll(() => {
    cases = readXes(FILE);
    watermark = Math.max(...[...cases.values()].flat().map((e) => e.time));
  });

  it('given the log, when read, then it has the documented 4,580 cases and 21,348 events', () => {
    expect(cases.size).toBe(4580);
    expect([...cases.values()].reduce((n, events) => n + events.length, 0)).toBe(21348);
  });

  it('given every case as one customer journey, when mapped, then every node and edge count equals a plain count', () => {
    // Expected: a plain count over the file, independent of the code under test.
    const expectedNodes = new Map<string, number>();
    const expectedEdges = new Map<string, number>();
    let expectedAbandoned = 0;
    for (const events of cases.values()) {
      const ordered = [...events].sort((a, b) => a.time - b.time || a.index - b.index);
      let previous = '__start__';
      for (const e of ordered) {
        increment(expectedNodes, e.activity);
        increment(expectedEdges, `${previous} -> ${e.activity}`);
        previous = e.activity;
      }
      // No definition: no goal or failure steps, abandoned after 30 days without activity.
      if (watermark - ordered[ordered.length - 1].time > THIRTY_DAYS) {
        increment(expectedEdges, `${previous} -> __end__`);
        expectedAbandoned++;
      }
    }

    // Actual: segmentation and contributions per customer, summed over all days for channel '*'.
    const rules = rulesFromDefinition(null, 'helpdesk');
    const nodes = new Map<string, number>();
    const edges = new Map<string, number>();
    const statuses = new Map<string, number>();
    for (const [caseId, events] of cases) {
      const facts = caseFacts('helpdesk', caseId, events, (e) => ({
        // Ids sort against file order: only the arrival can put tied events in file order.
        touchpointId: `${caseId}#${String(1e8 - e.index).padStart(9, '0')}`,
        channel: 'other',
      }));
      const instances = segmentInstances(facts, rules, watermark);
      expect(instances).toHaveLength(1);
      for (const [key, value] of contributionsOf(instances, rules).counters) {
        const [, channel, metric, name] = key.split('|');
        if (channel !== '*') continue;
        if (metric === 'node') nodes.set(name, (nodes.get(name) ?? 0) + value);
        if (metric === 'edge') {
          const edge = name.replace('\u0001', ' -> ');
          edges.set(edge, (edges.get(edge) ?? 0) + value);
        }
        if (metric.startsWith('instances:'))
          statuses.set(metric, (statuses.get(metric) ?? 0) + value);
      }
    }

    expect(Object.fromEntries(nodes)).toEqual(Object.fromEntries(expectedNodes));
    expect(Object.fromEntries(edges)).toEqual(Object.fromEntries(expectedEdges));
    expect([...nodes.values()].reduce((a, b) => a + b, 0)).toBe(21348);
    expect(Object.fromEntries(statuses)).toEqual({
      'instances:abandoned': expectedAbandoned,
      'instances:active': 4580 - expectedAbandoned,
    });
    // The data is old: nearly every case went quiet for 30 days before the last event of the log.
    expect(expectedAbandoned).toBeGreaterThan(4000);
  });
});
