import path from 'node:path';
import { chaosTable, writeChaosSection } from './report';
import { runChaos } from './suite';

/**
 * `npm run chaos` (`-- --quick` for about a minute; `-- --write` puts the table into
 * BENCHMARKS.md). Exits 1 when a check failed.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const log = (msg: string) =>
    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const result = await runChaos({ quick, log });
  process.stdout.write(`${chaosTable(result)}\n`);
  if (process.argv.includes('--write')) {
    writeChaosSection(
      path.resolve(__dirname, '..', '..', '..', 'BENCHMARKS.md'),
      result,
      new Date().toISOString(),
    );
  }
  process.exit(result.ok ? 0 : 1);
}

void main();
