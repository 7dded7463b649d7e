import { registry } from './registry';
import { sampledGauge, sharedSample } from './sampled-gauge';

describe('sharedSample and sampledGauge', () => {
  it('reads once within its time, afresh after reset, and gives no rows when the read fails', async () => {
    let reads = 0;
    let failing = false;
    const sample = sharedSample(async () => {
      reads++;
      if (failing) throw new Error('database away');
      return [reads];
    }, 60_000);
    expect(await sample.get()).toEqual([1]);
    expect(await sample.get()).toEqual([1]);
    sample.reset();
    failing = true;
    expect(await sample.get()).toEqual([]);
    expect(reads).toBe(2);
  });

  it('shows exactly the rows of each scrape: a row gone takes its series with it', async () => {
    let rows = [
      { name: 'a', n: 2 },
      { name: 'b', n: 5 },
    ];
    sampledGauge({
      name: 'journey_test_sampled',
      help: 'test',
      labelNames: ['name'] as const,
      rows: async () => rows,
      labels: (r) => ({ name: r.name }),
      value: (r) => r.n,
    });
    const values = async () =>
      (await registry.getSingleMetric('journey_test_sampled')!.get()).values.map((v) => [
        v.labels.name,
        v.value,
      ]);
    expect(await values()).toEqual([
      ['a', 2],
      ['b', 5],
    ]);
    rows = [{ name: 'b', n: 0 }];
    expect(await values()).toEqual([['b', 0]]);
  });
});
