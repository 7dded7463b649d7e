import { registry } from '@journey/metrics';
import { countRejections, trackStreams } from './api-metrics';

async function values(name: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric(name)!.get();
  return Object.fromEntries(
    metric.values.map((v) => [Object.values(v.labels).join(',') || '-', v.value]),
  );
}

describe('API metrics', () => {
  it('counts a refused batch per rule and item, request-level problems once each', async () => {
    countRejections([
      { index: 0, rule: 'required' },
      { index: 0, rule: 'required' },
      { index: 0, rule: 'enum' },
      { index: 1, rule: 'required' },
      { index: null, rule: 'maxItems' },
    ]);
    expect(await values('journey_ingest_touchpoints_rejected_total')).toEqual({
      required: 2,
      enum: 1,
      maxItems: 1,
    });
  });

  it('sums the open friction streams of every tracked source while tracked', async () => {
    const a = { openStreams: 2 };
    const b = { openStreams: 3 };
    const untrackA = trackStreams(a);
    const untrackB = trackStreams(b);
    expect(await values('journey_friction_stream_clients')).toEqual({ '-': 5 });
    untrackA();
    b.openStreams = 1;
    expect(await values('journey_friction_stream_clients')).toEqual({ '-': 1 });
    untrackB();
    expect(await values('journey_friction_stream_clients')).toEqual({ '-': 0 });
  });
});
