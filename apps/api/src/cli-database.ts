import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import {
  createEventStore,
  EventStore,
  loadEnvironment,
  StoreEnvironment,
} from '@journey/event-store';
import { createPool, provideDatabase, ResilientClient } from '@journey/postgres';
import { migrateReadModels, readModelDataSourceOptions } from '@journey/read-models';
import { CustomerKeys } from './personal-data/customer-keys';
import { KeyEncryption } from './personal-data/key-encryption';
import { loadKeyEncryption } from './personal-data/load-kek';
import { PersonalAttributes } from './personal-data/personal-attributes';
import { PersonalData } from './personal-data/personal-data.service';

/** What the store-reading commands (audit, import, export) work on; `close` ends all of it. */
export interface CliDatabase {
  readonly env: StoreEnvironment;
  readonly pool: Pool;
  readonly store: EventStore;
  readonly keks: KeyEncryption;
  /** Personal fields, decrypted with the data keys (the commands that show them log it first). */
  readonly personal: PersonalData;
  close(): Promise<void>;
}

/**
 * The embedded database of a running app (else DATABASE_URL), its read-model schema migrated as
 * the app would, the event store and the key encryption: one place for every command that needs
 * them.
 */
export async function openCliDatabase(
  env: StoreEnvironment = loadEnvironment(StoreEnvironment),
): Promise<CliDatabase> {
  const database = await provideDatabase(env, { shareRunning: true });
  const pool = createPool({ connectionString: database.url, max: 4 });
  const stop = async () => {
    await pool.end();
    await database.stop();
  };
  try {
    const dataSource = new DataSource(
      readModelDataSourceOptions(database.url, 2, { Client: ResilientClient }),
    );
    await dataSource.initialize();
    await migrateReadModels(dataSource).finally(() => dataSource.destroy());
    const store = await createEventStore(env, pool);
    try {
      const keks = await loadKeyEncryption({
        ...process.env,
        EMBEDDED_PG_DIR: env.EMBEDDED_PG_DIR,
      });
      const personal = new PersonalData(
        new CustomerKeys(pool, keks),
        new PersonalAttributes(store),
      );
      return {
        env,
        pool,
        store,
        keks,
        personal,
        close: async () => {
          await store.close();
          await stop();
        },
      };
    } catch (err) {
      await store.close();
      throw err;
    }
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A command's own usage error, or node's argument parser's, as the CLI's usage error. */
export function usageErrorOf(err: unknown, own: new (...args: never[]) => Error): Error | null {
  const code = (err as { code?: unknown }).code;
  return err instanceof own || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    ? (err as Error)
    : null;
}
