import { PoolClient } from 'pg';
import { Channel, Outcome } from '@journey/events';
import { JourneyInstance, TouchpointFact } from '@journey/domain';
import { instanceCodec, instanceValues } from '../codecs/instance.codec';
import { jsonInsertSql, jsonRows } from '../codecs/row-codec';

/** A (customer, journey) pair whose instances must be recomputed. */
export interface Affected {
  readonly customerId: string;
  readonly journey: string;
}

export const pairKey = (customerId: string, journey: string) => `${customerId}\u0001${journey}`;

export function unpair(key: string): Affected {
  const [customerId, journey] = key.split('\u0001');
  return { customerId, journey };
}

interface FactRow {
  touchpoint_id: string;
  customer_id: string;
  journey: string;
  step: string;
  stage: string | null;
  channel: Channel;
  outcome: Outcome;
  occurred_ms: number;
  journey_instance_id: string | null;
  arrival: string;
}

/** Every stored fact of the given pairs, grouped by pair. */
export async function loadFacts(
  tx: PoolClient,
  pairs: readonly Affected[],
): Promise<Map<string, TouchpointFact[]>> {
  const { rows } = await tx.query<FactRow>(
    `SELECT t.touchpoint_id, t.customer_id, t.journey, t.step, t.stage, t.channel, t.outcome,
            (extract(epoch FROM t.occurred_at) * 1000)::float8 AS occurred_ms, t.journey_instance_id, t.arrival
       FROM rm_touchpoints t
       JOIN unnest($1::text[], $2::text[]) AS p(customer_id, journey)
         ON t.customer_id = p.customer_id AND t.journey = p.journey`,
    [pairs.map((p) => p.customerId), pairs.map((p) => p.journey)],
  );
  const out = new Map<string, TouchpointFact[]>();
  for (const r of rows) {
    const key = pairKey(r.customer_id, r.journey);
    const fact: TouchpointFact = {
      touchpointId: r.touchpoint_id,
      customerId: r.customer_id,
      journey: r.journey,
      step: r.step,
      stage: r.stage,
      channel: r.channel,
      outcome: r.outcome,
      occurredAt: r.occurred_ms,
      journeyInstanceId: r.journey_instance_id,
      arrival: r.arrival,
    };
    const list = out.get(key);
    if (list) list.push(fact);
    else out.set(key, [fact]);
  }
  return out;
}

const INSERT_INSTANCES = jsonInsertSql(instanceCodec);

/** Replaces the stored instances of the given pairs, owned by `partition`. */
export async function replaceInstances(
  tx: PoolClient,
  pairs: readonly Affected[],
  instances: readonly JourneyInstance[],
  partition: number,
): Promise<void> {
  await tx.query(
    `DELETE FROM rm_journey_instances i USING unnest($1::text[], $2::text[]) AS p(customer_id, journey)
      WHERE i.customer_id = p.customer_id AND i.journey = p.journey`,
    [pairs.map((p) => p.customerId), pairs.map((p) => p.journey)],
  );
  if (instances.length === 0) return;
  // One JSON document rather than arrays of JSON strings: the driver's array escaping is slow.
  await tx.query(INSERT_INSTANCES, [
    jsonRows(
      instanceCodec,
      instances.map((i) => instanceValues(i, partition)),
    ),
  ]);
}

/** The stored instances of the given pairs, grouped by pair. */
export async function loadInstances(
  tx: PoolClient,
  pairs: readonly Affected[],
  options: { readonly withoutFeedback?: boolean } = {},
): Promise<Map<string, JourneyInstance[]>> {
  // withoutFeedback: the pairs of customers with feedback are left out.
  const feedback = options.withoutFeedback
    ? 'WHERE NOT EXISTS (SELECT 1 FROM rm_feedback f WHERE f.customer_id = i.customer_id)'
    : '';
  const { rows } = await tx.query<{
    customer_id: string;
    journey: string;
    instance_id: string;
    status: JourneyInstance['status'];
    started_ms: number;
    last_ms: number;
    steps: JourneyInstance['steps'];
  }>(
    `SELECT i.customer_id, i.journey, i.instance_id, i.status, (extract(epoch FROM i.started_at) * 1000)::float8 AS started_ms,
            (extract(epoch FROM i.last_activity_at) * 1000)::float8 AS last_ms, i.steps
       FROM rm_journey_instances i
       JOIN unnest($1::text[], $2::text[]) AS p(customer_id, journey) ON i.customer_id = p.customer_id AND i.journey = p.journey
      ${feedback}`,
    [pairs.map((p) => p.customerId), pairs.map((p) => p.journey)],
  );
  const out = new Map<string, JourneyInstance[]>();
  for (const r of rows) {
    const instance: JourneyInstance = {
      journey: r.journey,
      instanceId: r.instance_id,
      customerId: r.customer_id,
      status: r.status,
      startedAt: r.started_ms,
      lastActivityAt: r.last_ms,
      steps: r.steps,
    };
    const key = pairKey(r.customer_id, r.journey);
    const list = out.get(key);
    if (list) list.push(instance);
    else out.set(key, [instance]);
  }
  return out;
}
