import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { frictionImpact } from '@journey/domain';
import { PG_POOL } from '@journey/postgres';
import { FrictionPoint } from '@journey/contracts';
import {
  FrictionFilter,
  FrictionSort,
  ListFrictionPoints,
  PointKey,
  pointId,
} from './friction-points.query';
import { aggregatePoints, passedSteps, PointRow, trendsAndExamples } from './friction-points.sql';

const CLOSED = new Set(['completed', 'failed', 'abandoned']);

/** Friction points ranked; counts come from the occurrences, impact from the map's counters. */
@QueryHandler(ListFrictionPoints)
export class ListFrictionPointsHandler implements IQueryHandler<ListFrictionPoints> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(q: ListFrictionPoints) {
    const ranked = await rankedPoints(this.pool, q.filter, q.sort);
    const page = ranked.slice(q.offset, q.offset + q.limit);
    return {
      frictionPoints: await withTrends(this.pool, q.filter, page),
      nextCursor:
        ranked.length > q.offset + q.limit
          ? Buffer.from(JSON.stringify({ offset: q.offset + q.limit })).toString('base64url')
          : null,
    };
  }
}

type Scored = Omit<FrictionPoint, 'trend' | 'exampleCustomerIds'>;

export async function rankedPoints(
  pool: Pool,
  filter: FrictionFilter,
  sort: FrictionSort,
): Promise<Scored[]> {
  const [points, passed] = await Promise.all([
    aggregatePoints(pool, filter),
    passedSteps(pool, filter),
  ]);
  const atStep = new Map<string, { all: number; closed: number; completed: number }>();
  for (const p of passed) {
    const key = stepKey(p.journey, p.step, p.channel);
    const c = atStep.get(key) ?? { all: 0, closed: 0, completed: 0 };
    c.all += p.n;
    if (CLOSED.has(p.status)) c.closed += p.n;
    if (p.status === 'completed') c.completed += p.n;
    atStep.set(key, c);
  }
  const scored = points.map((r) => score(r, atStep.get(stepKey(r.journey, r.step, r.channel))));
  return scored.sort(
    (a, b) => b[sort] - a[sort] || b.severity - a.severity || (a.id < b.id ? -1 : 1),
  );
}

function score(r: PointRow, at: { all: number; closed: number; completed: number } | undefined) {
  const impact = frictionImpact({
    customers: r.customers,
    instancesWith: r.instances,
    closedWith: r.closed_with,
    completedWith: r.completed_with,
    passed: at?.all ?? 0,
    passedClosed: at?.closed ?? 0,
    passedCompleted: at?.completed ?? 0,
  });
  const key: PointKey = { journey: r.journey, step: r.step, channel: r.channel, type: r.type };
  return {
    id: pointId(key),
    ...key,
    occurrences: r.occurrences,
    customers: r.customers,
    instances: r.instances,
    firstSeen: r.first_seen.toISOString(),
    lastSeen: r.last_seen.toISOString(),
    ...impact,
  };
}

export async function withTrends(
  pool: Pool,
  filter: FrictionFilter,
  page: Scored[],
): Promise<FrictionPoint[]> {
  const { trend, examples } = await trendsAndExamples(pool, filter, page);
  const of = (k: PointKey) => pointId(k);
  const trends = new Map<string, { day: string; occurrences: number }[]>();
  for (const t of trend) {
    const list = trends.get(of(t)) ?? [];
    list.push({ day: t.day, occurrences: t.n });
    trends.set(of(t), list);
  }
  const customers = new Map<string, string[]>();
  for (const e of examples) customers.set(of(e), [...(customers.get(of(e)) ?? []), e.customer_id]);
  return page.map((p) => ({
    ...p,
    trend: trends.get(p.id) ?? [],
    exampleCustomerIds: customers.get(p.id) ?? [],
  }));
}

const stepKey = (journey: string, step: string, channel: string) =>
  `${journey}\u0001${step}\u0001${channel}`;
