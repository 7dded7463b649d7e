import { DataSource } from 'typeorm';
import {
  createEventStore,
  createPool,
  provideDatabase,
  StoreEnvironment,
} from '@journey/event-store';
import { migrateReadModels, readModelDataSourceOptions } from '@journey/read-models';
import { RecordTouchpointsHandler } from '../ingestion/record-touchpoints/record-touchpoints.handler';
import { StreamHeadCache } from '../ingestion/stream-heads';
import { StreamLocks } from '../ingestion/stream-locks';
import { CustomerKeys } from '../personal-data/customer-keys';
import { loadKeyEncryption } from '../personal-data/load-kek';
import { PersonalAttributes } from '../personal-data/personal-attributes';
import { PersonalData } from '../personal-data/personal-data.service';

/**
 * The API's RecordTouchpoints handler with its dependencies built directly, as the audit CLI
 * builds its own: the handler the HTTP controller reaches through the command bus (the pipe's
 * validation runs before it, in run-import.ts), without a Nest context of every API module. The
 * database is the running app's embedded one, else DATABASE_URL (provideDatabase), its schema
 * migrated as the app would.
 */
export async function importHandler(
  env: StoreEnvironment,
): Promise<{ handler: RecordTouchpointsHandler; close: () => Promise<void> }> {
  const database = await provideDatabase(env, { shareRunning: true });
  const pool = createPool({ connectionString: database.url, max: 4 });
  try {
    const dataSource = new DataSource(readModelDataSourceOptions(database.url, 2));
    await dataSource.initialize();
    await migrateReadModels(dataSource).finally(() => dataSource.destroy());
    const store = await createEventStore(env, pool);
    const keks = await loadKeyEncryption({ ...process.env, EMBEDDED_PG_DIR: env.EMBEDDED_PG_DIR });
    const personal = new PersonalData(new CustomerKeys(pool, keks), new PersonalAttributes(store));
    const handler = new RecordTouchpointsHandler(
      store,
      new StreamHeadCache(),
      new StreamLocks(),
      personal,
    );
    return {
      handler,
      close: async () => {
        await store.close();
        await pool.end();
        await database.stop();
      },
    };
  } catch (err) {
    await pool.end();
    await database.stop();
    throw err;
  }
}
