import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@journey/postgres';
import { JourneyDefined } from '@journey/events';
import { ALL_CHANNELS, EDGE_SEPARATOR, QuantileSketch } from '@journey/domain';
import { JourneyMap } from '@journey/contracts';
import { GetJourneyMap } from './journey-map.query';
import { mergeSketchText } from './sketch-text';

interface CounterRow {
  channel: string;
  metric: string;
  key: string;
  value: string;
}

/** Sums the daily counters and merges the daily sketches of the range: no scan of touchpoints. */
@QueryHandler(GetJourneyMap)
export class GetJourneyMapHandler implements IQueryHandler<GetJourneyMap> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(q: GetJourneyMap): Promise<JourneyMap> {
    const channel = q.channel ?? ALL_CHANNELS;
    const range = [q.journey, q.from, q.to];
    const [counters, sketches, definition] = await Promise.all([
      this.pool.query<CounterRow>(
        `SELECT channel, metric, key, sum(value)::text AS value FROM rm_map_counters
          WHERE journey = $1 AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3)
            AND (channel = $4 OR (metric = 'node' AND ($4 = '*' AND channel <> '*')))
            AND metric NOT LIKE 'step\\_instances:%' AND metric NOT LIKE 'variant:%'
          GROUP BY channel, metric, key HAVING sum(value) <> 0`,
        [...range, channel],
      ),
      this.pool.query<{ edge: string; sketch: string }>(
        `SELECT edge, sketch::text AS sketch FROM rm_map_durations
          WHERE journey = $1 AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3) AND channel = $4`,
        [...range, channel],
      ),
      this.pool.query<{ definition: JourneyDefined['data'] }>(
        'SELECT definition FROM rm_journey_definitions WHERE journey = $1',
        [q.journey],
      ),
    ]);
    return buildMap(
      q,
      channel,
      counters.rows,
      sketches.rows,
      definition.rows[0]?.definition ?? null,
    );
  }
}

function buildMap(
  q: GetJourneyMap,
  channel: string,
  rows: CounterRow[],
  sketchRows: { edge: string; sketch: string }[],
  definition: JourneyDefined['data'] | null,
): JourneyMap {
  const sums = new Map<string, Map<string, number>>();
  const nodeChannels = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const value = Number(r.value);
    if (r.metric === 'node' && r.channel !== channel) {
      (nodeChannels.get(r.key) ?? nodeChannels.set(r.key, {}).get(r.key)!)[r.channel] = value;
      continue;
    }
    if (r.metric === 'node' && channel !== ALL_CHANNELS)
      nodeChannels.set(r.key, { [channel]: value });
    (sums.get(r.metric) ?? sums.set(r.metric, new Map()).get(r.metric)!).set(r.key, value);
  }
  const get = (metric: string, key = '') => sums.get(metric)?.get(key) ?? 0;
  const sketches = new Map<string, QuantileSketch>();
  for (const s of sketchRows) {
    const merged = sketches.get(s.edge) ?? new QuantileSketch();
    sketches.set(s.edge, mergeSketchText(merged, s.sketch));
  }
  const stageOfDefinition = new Map(
    definition?.stages.flatMap((st) => st.steps.map((step) => [step, st.name] as const)) ?? [],
  );
  const status = (s: string) => get(`instances:${s}`);
  const instances = {
    active: status('active'),
    completed: status('completed'),
    failed: status('failed'),
    abandoned: status('abandoned'),
    total: 0,
  };
  instances.total = instances.active + instances.completed + instances.failed + instances.abandoned;
  const funnel = (definition?.stages ?? []).map((st) => ({
    stage: st.name,
    reached: get('funnel', st.name),
    dropOff: get('funnel_drop', st.name),
  }));
  return {
    journey: q.journey,
    from: q.from,
    to: q.to,
    channel: q.channel,
    instances,
    customers: get('customers'),
    nodes: ranked(sums.get('node')).map(([step, count]) => ({
      step,
      stage: mostFrequentStage(sums, step) ?? stageOfDefinition.get(step) ?? null,
      count,
      customers: get('node_customers', step),
      failures: get('node_failures', step),
      channels: nodeChannels.get(step) ?? {},
    })),
    edges: ranked(sums.get('edge')).map(([key, count]) => {
      const [from, to] = key.split(EDGE_SEPARATOR);
      const sketch = sketches.get(key);
      return {
        from,
        to,
        count,
        instances: get('edge_instances', key),
        simultaneous: get('edge_simultaneous', key),
        medianMs: sketch?.quantile(0.5) ?? null,
        p90Ms: sketch?.quantile(0.9) ?? null,
      };
    }),
    // dropOff: reached this stage but not the next; for the last stage, reached it but did not complete.
    funnel,
    channelSwitches: ranked(sums.get('switch')).map(([key, count]) => {
      const [from, to] = key.split(EDGE_SEPARATOR);
      return { from, to, count };
    }),
  };
}

/** Most frequent first, then by key: an order that does not depend on the query plan. */
function ranked(counts: Map<string, number> | undefined): [string, number][] {
  return [...(counts ?? [])].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0));
}

function mostFrequentStage(sums: Map<string, Map<string, number>>, step: string): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [metric, keys] of sums) {
    if (!metric.startsWith('stage:')) continue;
    const n = keys.get(step) ?? 0;
    if (n > bestCount) [best, bestCount] = [metric.slice('stage:'.length), n];
  }
  return best;
}
