import { isDeepStrictEqual } from 'node:util';
import { Pool } from 'pg';
import {
  ANONYMOUS_STREAM_PREFIX,
  CUSTOMER_STREAM_PREFIX,
  deserialize,
  FeedbackGiven,
  parseStreamName,
} from '@journey/events';
import { EventStore, Position } from '@journey/event-store';
import { channelsOf, IdentityLinks, JourneyInstance } from '@journey/domain';
import { JourneyReplay } from '../replay/journey-replay';

/** One way a read model differs from the replay of the events. */
export interface ProjectionDifference {
  /** The customer (or unlinked anonymous id) the rows are filed under. */
  readonly owner: string;
  readonly table: 'rm_journey_instances' | 'rm_feedback';
  /** journey/instanceId, or the feedback id. */
  readonly row: string;
  /** The field that differs, or "missing" (in the read model) / "unexpected" (only there). */
  readonly field: string;
  readonly live: unknown;
  readonly replayed: unknown;
}

/** Who the journeys projection files rows under, as found in the store, with their anonymous ids. */
export async function projectionOwners(
  store: EventStore,
  onProgress: (events: number) => void = () => undefined,
): Promise<Map<string, string[]>> {
  const owners = new Map<string, string[]>();
  const anonymous = new Set<string>();
  const links = new IdentityLinks();
  let from: Position | undefined;
  let events = 0;
  for (;;) {
    const page = await store.readAll({
      fromPosition: from,
      maxCount: 5000,
      streamPrefix: [CUSTOMER_STREAM_PREFIX, ANONYMOUS_STREAM_PREFIX],
    });
    for (const r of page) {
      const owner = parseStreamName(r.stream);
      if (owner?.kind === 'customer' && !owners.has(owner.id)) owners.set(owner.id, []);
      if (owner?.kind !== 'anonymous') continue;
      anonymous.add(owner.id);
      const e = r.type === 'CustomerIdentified' ? deserialize(r)?.event : undefined;
      if (e?.type === 'CustomerIdentified') links.link(e.data);
    }
    events += page.length;
    onProgress(events);
    if (page.length < 5000) break;
    from = page[page.length - 1].position;
  }
  for (const id of anonymous) {
    const customer = links.ownerOf(id);
    const list = owners.get(customer);
    if (list) list.push(id);
    else owners.set(customer, [id]);
  }
  return owners;
}

/**
 * Replays an owner's events in memory (as of now, against the projector's watermark) and lists
 * every difference with rm_journey_instances and rm_feedback.
 */
export async function compareOwner(
  pool: Pool,
  replay: JourneyReplay,
  owner: string,
  anonymousIds: readonly string[],
): Promise<ProjectionDifference[]> {
  const { instances, feedback } = await replay.replay(owner, { kind: 'now' }, anonymousIds);
  return [
    ...(await compareInstances(pool, owner, instances)),
    ...(await compareFeedback(pool, owner, feedback)),
  ];
}

async function compareInstances(
  pool: Pool,
  owner: string,
  instances: readonly JourneyInstance[],
): Promise<ProjectionDifference[]> {
  const { rows } = await pool.query<{
    journey: string;
    instance_id: string;
    status: string;
    started_ms: number;
    last_ms: number;
    channels: string[];
    steps: unknown;
  }>(
    `SELECT journey, instance_id, status, (extract(epoch FROM started_at) * 1000)::float8 AS started_ms,
            (extract(epoch FROM last_activity_at) * 1000)::float8 AS last_ms, channels, steps
       FROM rm_journey_instances WHERE customer_id = $1`,
    [owner],
  );
  const live = new Map(
    rows.map((r) => [
      `${r.journey}/${r.instance_id}`,
      {
        status: r.status,
        startedAt: r.started_ms,
        lastActivityAt: r.last_ms,
        channels: r.channels,
        steps: r.steps,
      },
    ]),
  );
  const replayed = new Map(
    instances.map((i) => [
      `${i.journey}/${i.instanceId}`,
      {
        status: i.status,
        startedAt: i.startedAt,
        lastActivityAt: i.lastActivityAt,
        channels: channelsOf(i),
        steps: i.steps,
      },
    ]),
  );
  return diff(owner, 'rm_journey_instances', live, replayed);
}

async function compareFeedback(
  pool: Pool,
  owner: string,
  feedback: readonly FeedbackGiven['data'][],
): Promise<ProjectionDifference[]> {
  const { rows } = await pool.query<{
    feedback_id: string;
    journey: string | null;
    touchpoint_id: string | null;
    channel: string | null;
    kind: string;
    score: number;
    comment: string | null;
    occurred_at: Date;
  }>(
    `SELECT feedback_id, journey, touchpoint_id, channel, kind, score, comment, occurred_at
       FROM rm_feedback WHERE customer_id = $1`,
    [owner],
  );
  const live = new Map(
    rows.map((r) => [
      r.feedback_id,
      {
        journey: r.journey,
        touchpointId: r.touchpoint_id,
        channel: r.channel,
        kind: r.kind,
        score: r.score,
        comment: r.comment,
        occurredAt: r.occurred_at.toISOString(),
      },
    ]),
  );
  const replayed = new Map(
    feedback.map((f) => [
      f.feedbackId,
      {
        journey: f.journey,
        touchpointId: f.touchpointId,
        channel: f.channel,
        kind: f.kind,
        score: f.score,
        comment: f.comment,
        occurredAt: new Date(f.occurredAt).toISOString(),
      },
    ]),
  );
  return diff(owner, 'rm_feedback', live, replayed);
}

function diff(
  owner: string,
  table: ProjectionDifference['table'],
  live: Map<string, Record<string, unknown>>,
  replayed: Map<string, Record<string, unknown>>,
): ProjectionDifference[] {
  const out: ProjectionDifference[] = [];
  for (const [row, r] of replayed) {
    const l = live.get(row);
    if (!l) {
      out.push({ owner, table, row, field: 'missing', live: null, replayed: r });
      continue;
    }
    for (const field of Object.keys(r)) {
      if (!isDeepStrictEqual(l[field], r[field]))
        out.push({ owner, table, row, field, live: l[field], replayed: r[field] });
    }
  }
  for (const [row, l] of live) {
    if (!replayed.has(row))
      out.push({ owner, table, row, field: 'unexpected', live: l, replayed: null });
  }
  return out;
}
