import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { FrictionType } from '@journey/domain';
import { DataSource } from 'typeorm';
import {
  FrictionOccurrenceJson,
  migrateReadModels,
  readModelDataSourceOptions,
} from '@journey/read-models';
import { createTestDatabase, TestDatabase } from './test-database';

/** A fresh test database with the read-model tables. */
export async function migratedTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const db = await createTestDatabase(poolSize);
  const dataSource = new DataSource(readModelDataSourceOptions(db.url, 2));
  await dataSource.initialize();
  try {
    await migrateReadModels(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return db;
}

/** A clock that can be moved forward: retries due in hours become due now. */
export class TestClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/**
 * A friction occurrence announced in the feed, as the journeys projection writes it (inserted
 * directly: the tests of webhooks do not depend on detection).
 */
export async function announceFriction(
  db: Pick<Pool, 'query'>,
  fields: { type?: FrictionType; journey?: string; customerId?: string } = {},
): Promise<{ seq: number; occurrence: FrictionOccurrenceJson }> {
  const type = fields.type ?? 'failure';
  const occurrence: FrictionOccurrenceJson = {
    id: randomUUID(),
    type,
    journey: fields.journey ?? 'onboarding',
    customerId: fields.customerId ?? 'c-1',
    instanceId: 'auto:tp-1',
    touchpointId: 'tp-2',
    step: 'kyc',
    stage: 'verify',
    channel: 'web',
    occurredAt: '2026-05-01T10:00:00.000Z',
    touchpointIds: ['tp-1', 'tp-2'],
    feedbackId: null,
    detail: { type } as FrictionOccurrenceJson['detail'],
  };
  const { rows } = await db.query<{ seq: string }>(
    `INSERT INTO friction_feed (occurrence_id, journey, type, customer_id, payload)
     VALUES ($1, $2, $3, $4, $5) RETURNING seq`,
    [occurrence.id, occurrence.journey, type, occurrence.customerId, JSON.stringify(occurrence)],
  );
  return { seq: Number(rows[0].seq), occurrence };
}

/** A webhook row as the API stores it (for tests of the worker alone). */
export async function insertWebhook(
  db: Pick<Pool, 'query'>,
  url: string,
  filter: { types?: FrictionType[]; journeys?: string[]; secret?: string } = {},
): Promise<{ id: string; secret: string }> {
  const id = randomUUID();
  const secret = filter.secret ?? `secret-${randomUUID()}`;
  await db.query(
    'INSERT INTO webhooks (id, url, types, journeys, secret, created_at) VALUES ($1, $2, $3, $4, $5, now())',
    [id, url, filter.types ?? [], filter.journeys ?? [], secret],
  );
  return { id, secret };
}
