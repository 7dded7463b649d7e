import { describeDiffs, diffSnapshots, rowCount } from './snapshot-diff';

// Rows as readModelSnapshot gives them: dates as Date, jsonb parsed, bigint as string.
const instance = (customer: string, steps: string[]) => ({
  customer_id: customer,
  journey: 'kyc',
  instance_id: `${customer}-1`,
  status: 'in_progress',
  started_at: new Date('2026-05-01T00:00:00Z'),
  last_activity_at: new Date('2026-05-01T01:00:00Z'),
  steps: steps.map((step) => ({ step, channel: 'web' })),
});
const counter = (key: string, value: string) => ({
  journey: 'kyc',
  channel: '*',
  day: new Date('2026-05-01T00:00:00Z'),
  metric: 'step',
  key,
  value,
});

const live = () => ({
  instances: [instance('c1', ['start', 'details']), instance('c2', ['start'])],
  counters: [counter('start', '2'), counter('details', '1')],
  links: [],
});

describe('comparing live read models with rebuilt ones (the chaos suite\'s "equal a rebuild")', () => {
  it('given equal snapshots, rows in another order, then it finds no difference', () => {
    const rebuilt = live();
    rebuilt.instances.reverse();
    expect(diffSnapshots(live(), rebuilt)).toEqual([]);
    expect(rowCount(live())).toBe(4);
  });

  it('given a row the rebuild lacks (deleted live-only row), then it names the table, counts and shows it', () => {
    const rebuilt = live();
    rebuilt.counters.pop();
    const diffs = diffSnapshots(live(), rebuilt);
    expect(diffs).toEqual([
      expect.objectContaining({
        table: 'counters',
        live: 2,
        rebuilt: 1,
        onlyLive: 1,
        onlyRebuilt: 0,
      }),
    ]);
    expect(diffs[0].sample).toMatch(/^live has .*"key":"details"/);
    expect(describeDiffs(diffs)).toMatch(/^counters: 1 only live, 0 only rebuilt \(of 2\/1 rows\)/);
  });

  it('given an altered row (one more step live), then it counts it on both sides and leaves equal tables out', () => {
    const altered = live();
    altered.instances[1] = instance('c2', ['start', 'details']);
    const diffs = diffSnapshots(altered, live());
    expect(diffs.map((d) => [d.table, d.onlyLive, d.onlyRebuilt])).toEqual([['instances', 1, 1]]);
    expect(diffs[0].sample).toContain('"customer_id":"c2"');
  });

  it('given a duplicated row in the rebuild, then the multiset comparison reports the extra copy', () => {
    const rebuilt = live();
    rebuilt.counters.push(counter('start', '2'));
    const [d] = diffSnapshots(live(), rebuilt);
    expect(d).toMatchObject({ table: 'counters', onlyLive: 0, onlyRebuilt: 1 });
    expect(d.sample).toMatch(/^rebuild has /);
  });

  it('given a long differing row, then the sample is shortened', () => {
    const rebuilt = live();
    rebuilt.instances[0] = instance(
      'c1',
      Array.from({ length: 50 }, (_, i) => `step-${i}`),
    );
    const [d] = diffSnapshots(live(), rebuilt);
    expect(d.sample.length).toBeLessThan(240);
    expect(d.sample.endsWith('...')).toBe(true);
  });
});
