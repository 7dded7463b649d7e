import { registry } from '@journey/metrics';
import { countFrictions, recordBatch } from './projector-metrics';

async function values(name: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric(name)!.get();
  return Object.fromEntries(
    metric.values
      .filter((v) => !('metricName' in v) || !/_(bucket|sum)$/.test(String(v.metricName)))
      .map((v) => [Object.values(v.labels).join(','), v.value]),
  );
}

describe('projector metrics', () => {
  it('counts announced friction occurrences by type', async () => {
    countFrictions([]);
    countFrictions([{ type: 'repeat' }, { type: 'slow_step' }, { type: 'repeat' }]);
    expect(await values('journey_friction_occurrences_total')).toEqual({
      repeat: 2,
      slow_step: 1,
    });
  });

  it('records a batch: events by partition, one size and one duration per projection', async () => {
    recordBatch('journeys', 0, 500, 0.2);
    recordBatch('journeys', 1, 20, 0.01);
    expect(await values('journey_projection_events_processed_total')).toEqual({
      'journeys,0': 500,
      'journeys,1': 20,
    });
    expect(await values('journey_projection_batch_events')).toEqual({ journeys: 2 });
  });
});
