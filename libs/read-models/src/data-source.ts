import { DataSource, DataSourceOptions } from 'typeorm';
import { runMigrationsLocked } from '@journey/postgres';
import { ApiKeyEntity } from '@journey/records';
import { ApiKeys1763900000000 } from './migrations/1763900000000-api-keys';
import { Journeys1763900000001 } from './migrations/1763900000001-journeys';
import { JourneyMaps1763900000002 } from './migrations/1763900000002-journey-maps';
import { ProjectionRebuilds1763900000003 } from './migrations/1763900000003-projection-rebuilds';
import { Frictions1763900000004 } from './migrations/1763900000004-frictions';
import { Webhooks1763900000005 } from './migrations/1763900000005-webhooks';
import { Audit1763900000010 } from './migrations/1763900000010-audit';
import { FrictionOccurrenceKey1763900000011 } from './migrations/1763900000011-friction-occurrence-key';
import { FunnelDropRebuild1763900000012 } from './migrations/1763900000012-funnel-drop-rebuild';
import { ProjectionLeases1763900000013 } from './migrations/1763900000013-projection-leases';
import { ProjectionPartitions1763900000014 } from './migrations/1763900000014-projection-partitions';
import { WrappedCustomerKeys1763900000015 } from './migrations/1763900000015-wrapped-customer-keys';
import { ChainCheckpoints1763900000016 } from './migrations/1763900000016-chain-checkpoints';
import { JourneyVariants1763900000017 } from './migrations/1763900000017-journey-variants';
import { SourceUnmappedEvents1763900000018 } from './migrations/1763900000018-source-unmapped-events';
import { TouchpointDetails1763900000019 } from './migrations/1763900000019-touchpoint-details';

export const READ_MODEL_ENTITIES = [ApiKeyEntity];
export const READ_MODEL_MIGRATIONS = [
  ApiKeys1763900000000,
  Journeys1763900000001,
  JourneyMaps1763900000002,
  ProjectionRebuilds1763900000003,
  Frictions1763900000004,
  Webhooks1763900000005,
  Audit1763900000010,
  FrictionOccurrenceKey1763900000011,
  FunnelDropRebuild1763900000012,
  ProjectionLeases1763900000013,
  ProjectionPartitions1763900000014,
  WrappedCustomerKeys1763900000015,
  ChainCheckpoints1763900000016,
  JourneyVariants1763900000017,
  SourceUnmappedEvents1763900000018,
  TouchpointDetails1763900000019,
];

export const MIGRATION_LOCK_KEY = 7_414_221_002;

/**
 * `extra` goes to pg's Pool: the processes pass their pg Client class there (one whose lost
 * connections are handled, and with a connect timeout).
 */
export function readModelDataSourceOptions(
  url: string,
  poolSize = 10,
  extra: Record<string, unknown> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: READ_MODEL_ENTITIES,
    migrations: READ_MODEL_MIGRATIONS,
    migrationsTableName: 'read_model_migrations',
    extra: { max: poolSize, ...extra },
    logging: false,
  };
}

/** Runs pending migrations; an advisory lock keeps two starting processes from racing. */
export async function migrateReadModels(dataSource: DataSource): Promise<void> {
  await runMigrationsLocked(dataSource, MIGRATION_LOCK_KEY);
}
