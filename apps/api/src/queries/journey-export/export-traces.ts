import { Pool } from 'pg';
import { AttributeValue, encryptedKeyId } from '@journey/events';
import { InstanceStep } from '@journey/domain';
import { PersonalData, REDACTED } from '../../personal-data/personal-data.service';
import { ExportRequest, ExportTrace } from './export-trace';

/** Instances per FETCH: a page is in memory at a time, never the whole journey. */
export const EXPORT_PAGE = 1000;

/**
 * A journey's instances, oldest start first, each with its touchpoints' agent and attributes and
 * its friction occurrences (looked up per instance through their (customer, journey) indexes).
 */
export const EXPORT_SQL = `
SELECT i.customer_id, i.instance_id, i.status, i.started_at, i.last_activity_at, i.steps,
       (SELECT jsonb_object_agg(t.touchpoint_id, jsonb_build_array(t.agent_id, t.attributes))
          FROM rm_touchpoints t
         WHERE t.customer_id = i.customer_id AND t.journey = i.journey
           AND t.touchpoint_id IN (SELECT s->>'touchpointId' FROM jsonb_array_elements(i.steps) s)
       ) AS details,
       (SELECT jsonb_agg(jsonb_build_array(f.touchpoint_id, f.type) ORDER BY f.type)
          FROM rm_friction_occurrences f
         WHERE f.customer_id = i.customer_id AND f.journey = i.journey AND f.instance_id = i.instance_id
       ) AS frictions
  FROM rm_journey_instances i
 WHERE i.journey = $1
   AND ($2::date IS NULL OR i.started_at >= $2::date::timestamp AT TIME ZONE 'UTC')
   AND ($3::date IS NULL OR i.started_at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC')
 ORDER BY i.started_at, i.instance_id, i.customer_id`;

interface ExportRow {
  customer_id: string;
  instance_id: string;
  status: string;
  started_at: Date;
  last_activity_at: Date;
  steps: InstanceStep[];
  details: Record<string, [string | null, Record<string, AttributeValue>]> | null;
  frictions: [string, string][] | null;
}

type Personal = [string | null, Record<string, AttributeValue>];

/**
 * The traces of a journey, a page at a time, read through a server-side cursor in one read-only
 * transaction (one consistent snapshot, no re-sorting per page). The consumer pulls: the next FETCH
 * runs only when it asks for the next page, so a slow client holds back the reads.
 */
export async function* exportTraces(
  pool: Pool,
  personal: PersonalData,
  q: ExportRequest,
): AsyncGenerator<ExportTrace[]> {
  const client = await pool.connect();
  const fetchPage = () => {
    const rows = client
      .query<ExportRow>(`FETCH ${EXPORT_PAGE} FROM journey_export`)
      .then((r) => r.rows);
    // Handled where it is awaited; this keeps a failure while the consumer holds a page from
    // counting as an unhandled rejection meanwhile.
    rows.catch(() => undefined);
    return rows;
  };
  let ahead: Promise<ExportRow[]> | null = null;
  let committed = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`DECLARE journey_export NO SCROLL CURSOR FOR ${EXPORT_SQL}`, [
      q.journey,
      q.from,
      q.to,
    ]);
    ahead = fetchPage();
    for (;;) {
      const rows: ExportRow[] = await ahead;
      ahead = null;
      if (rows.length === 0) break;
      // One page read ahead: PostgreSQL reads it while this one is shaped and written (two cores
      // at work), and never more than one, so a slow client still holds the reads back.
      if (rows.length === EXPORT_PAGE) ahead = fetchPage();
      yield await tracesOf(rows, personal, q.reveal);
      if (!ahead) break;
    }
    await client.query('COMMIT');
    committed = true;
  } finally {
    // Stopped early (the client went away): the page read ahead is waited for, not left running.
    if (ahead) await (ahead as Promise<ExportRow[]>).catch(() => undefined);
    // Stopped early or failed: the transaction (and its cursor) ends with the connection.
    client.release(!committed || undefined);
  }
}

async function tracesOf(rows: ExportRow[], personal: PersonalData, reveal: boolean) {
  const fields: Personal[][] = rows.map((r) =>
    r.steps.map((s) => r.details?.[s.touchpointId] ?? [null, {}]),
  );
  // One key lookup per page for the audit scope; other keys never decrypt.
  const shown = reveal ? await personal.reveal(fields) : fields.map((f) => f.map(redacted));
  return rows.map((r, i): ExportTrace => {
    const frictions: Record<string, number> = {};
    const atTouchpoint = new Map<string, string[]>();
    for (const [touchpointId, type] of r.frictions ?? []) {
      frictions[type] = (frictions[type] ?? 0) + 1;
      const list = atTouchpoint.get(touchpointId) ?? [];
      if (!list.includes(type)) list.push(type);
      atTouchpoint.set(touchpointId, list);
    }
    return {
      instanceId: r.instance_id,
      customerId: r.customer_id,
      status: r.status,
      startedAt: r.started_at,
      lastActivityAt: r.last_activity_at,
      frictions,
      events: r.steps.map((s, k) => ({
        step: s.step,
        occurredAt: new Date(s.occurredAt),
        touchpointId: s.touchpointId,
        stage: s.stage,
        channel: s.channel,
        outcome: s.outcome,
        agentId: shown[i][k][0],
        attributes: shown[i][k][1],
        frictionTypes: atTouchpoint.get(s.touchpointId) ?? [],
      })),
    };
  });
}

/** Encrypted values shown as "[redacted]", as the other reads show personal fields to non-audit keys. */
function redacted(fields: Personal): Personal {
  const [agentId, attributes] = fields;
  // Most touchpoints have neither: no copy for them (this runs once per exported event).
  if (agentId === null && Object.keys(attributes).length === 0) return fields;
  const hide = <T>(v: T): T | string => (encryptedKeyId(v) ? REDACTED : v);
  return [
    agentId === null ? null : (hide(agentId) as string),
    Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, hide(v)])),
  ];
}
