import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import {
  loadEnvironment,
  StoreEnvironment,
  logLevelFromEnvironment,
  usePinoForNest,
} from '@journey/event-store';
import { provideDatabase, ResilientClient } from '@journey/postgres';
import { migrateReadModels, readModelDataSourceOptions } from '@journey/read-models';
import { ApiKeyEntity, Scope, SCOPES } from '@journey/records';
import { ApiKeysService } from './access/api-keys.service';
import { openCliDatabase, usageErrorOf } from './cli-database';
import { AUDIT_COMMANDS, AUDIT_USAGE, AuditUsageError, runAudit } from './audit/cli/audit-cli';
import { IMPORT_USAGE, ImportUsageError, runImportCli } from './import/import-cli';
import { importHandler } from './import/import-handler';
import { AccessLog } from './audit/access-log/access-log';
import { EXPORT_USAGE, ExportUsageError, runExport } from './queries/journey-export/export-cli';

const USAGE = `Usage: npm run cli -- <command>
  keys create --name <name> --scopes <scope[,scope...]>   scopes: ${SCOPES.join(', ')}
  keys list
  keys revoke <id>
  projections rebuild <name>
${AUDIT_USAGE}
${IMPORT_USAGE}
${EXPORT_USAGE}`;

class UsageError extends Error {}

/** Command-line administration; joins the embedded database of a running app when there is one. */
async function main(argv: string[]): Promise<void> {
  usePinoForNest(logLevelFromEnvironment('error'), 2);
  if (argv[0] === 'audit') return runAuditCommand(argv);
  if (argv[0] === 'import') return runImportCommand(argv);
  if (argv[0] === 'export') return runExportCommand(argv);
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, scopes: { type: 'string' } },
  });
  const [group, command, arg] = positionals;
  if (group !== 'keys' || !command) throw new UsageError(USAGE);
  const env = loadEnvironment(StoreEnvironment);
  const database = await provideDatabase(env, { shareRunning: true });
  const dataSource = new DataSource(
    readModelDataSourceOptions(database.url, 2, { Client: ResilientClient }),
  );
  try {
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    const keys = new ApiKeysService(dataSource.getRepository(ApiKeyEntity));
    await runKeys(keys, command, arg, values);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

/** `audit ...`: reads the event store and the read models of the running app's database. */
async function runAuditCommand(argv: string[]): Promise<void> {
  if (!AUDIT_COMMANDS.includes(argv[1])) throw new UsageError(USAGE);
  const db = await openCliDatabase();
  try {
    process.exitCode = await runAudit(argv, {
      store: db.store,
      pool: db.pool,
      keks: db.keks,
      signing: { ...process.env, EMBEDDED_PG_DIR: db.env.EMBEDDED_PG_DIR },
      out: (line) => process.stdout.write(`${line}\n`),
      progress: (text) => process.stderr.write(text),
    });
  } catch (err) {
    const usage = usageErrorOf(err, AuditUsageError);
    throw usage ? new UsageError(usage.message) : err;
  } finally {
    await db.close();
  }
}

/** `import <file>`: the database is joined only when rows are stored (not for --dry-run). */
async function runImportCommand(argv: string[]): Promise<void> {
  let close: () => Promise<void> = async () => undefined;
  try {
    process.exitCode = await runImportCli(argv, {
      handler: async () => {
        const db = await openCliDatabase();
        close = db.close;
        return importHandler(db);
      },
      out: (line) => process.stdout.write(`${line}\n`),
      tty: process.stderr.isTTY ? process.stderr : null,
    });
  } catch (err) {
    const usage = usageErrorOf(err, ImportUsageError);
    throw usage ? new UsageError(usage.message) : err;
  } finally {
    await close();
  }
}

/** `export <journey> ...`: reads the read models of the running app's database. */
async function runExportCommand(argv: string[]): Promise<void> {
  const db = await openCliDatabase();
  try {
    // Personal fields come out decrypted: the read is logged first, as the audit commands do.
    await new AccessLog(db.pool).record({
      apiKeyId: null,
      actor: `cli:${userInfo().username}`,
      action: 'journey.export',
      customerId: null,
      requestId: randomUUID(),
      detail: { argv },
    });
    await runExport(argv, { pool: db.pool, personal: db.personal, stdout: process.stdout });
  } catch (err) {
    const usage = usageErrorOf(err, ExportUsageError);
    throw usage ? new UsageError(usage.message) : err;
  } finally {
    await db.close();
  }
}

async function runKeys(
  keys: ApiKeysService,
  command: string,
  arg: string | undefined,
  values: { name?: string; scopes?: string },
) {
  const out = (text: string) => process.stdout.write(text + '\n');
  switch (command) {
    case 'create': {
      const scopes = (values.scopes ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
      if (!values.name || scopes.length === 0 || bad.length > 0) {
        throw new UsageError(
          `keys create needs --name and --scopes from: ${SCOPES.join(', ')}${bad.length ? ` (unknown: ${bad.join(', ')})` : ''}`,
        );
      }
      const created = await keys.create(values.name, [...new Set(scopes)] as Scope[]);
      out(`Created key ${created.id} "${created.name}" with scopes ${created.scopes.join(', ')}.`);
      out(`Key (shown once, store it now): ${created.key}`);
      return;
    }
    case 'list':
      for (const k of await keys.list()) {
        out(
          `${k.id}  ${k.name.padEnd(20)} ${k.scopes.join(',').padEnd(28)} ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}`,
        );
      }
      return;
    case 'revoke':
      if (!arg) throw new UsageError('keys revoke needs the key id');
      if (!(await keys.revoke(arg))) throw new UsageError(`No active key "${arg}"`);
      out(`Revoked ${arg}.`);
      return;
    default:
      throw new UsageError(USAGE);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof Error && !(err instanceof UsageError) && err.name !== 'ConfigError' ? err.stack : (err as Error).message}\n`,
  );
  process.exit(err instanceof UsageError ? 2 : 1);
});
