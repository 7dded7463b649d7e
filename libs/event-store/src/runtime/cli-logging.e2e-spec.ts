import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The built library (`npm run build` precedes jest in `npm test`): a real process, real fds.
const LIB = path.resolve(__dirname, '../../../../dist/libs/event-store/src/index.js');

/** Runs a tiny CLI that logs through Nest's Logger after `usePinoForNest(logLevelFromEnvironment('warn'), 2)`. */
function runCli(env: Record<string, string>) {
  const script = `
    const { Logger } = require('@nestjs/common');
    const lib = require(${JSON.stringify(LIB)});
    lib.usePinoForNest(lib.logLevelFromEnvironment('warn'), 2);
    const logger = new Logger('Import');
    logger.log({ msg: 'rows stored', rows: 3 });
    logger.warn('a late event');
    process.stdout.write('the export\\n');`;
  const clean = { ...process.env };
  delete clean.LOG_LEVEL;
  delete clean.LOG_PRETTY;
  const run = spawnSync(process.execPath, ['-e', script], {
    env: { ...clean, ...env },
    encoding: 'utf8',
  });
  const lines = run.stderr.split('\n').filter(Boolean);
  return { stdout: run.stdout, logs: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('a CLI logs as JSON lines on stderr, its stdout kept for its output', () => {
  it('given no LOG_LEVEL, then only the CLI default level and above are logged, on stderr', () => {
    const { stdout, logs } = runCli({});
    expect(stdout).toBe('the export\n');
    expect(logs).toEqual([
      expect.objectContaining({ level: 40, msg: 'a late event', context: 'Import' }),
    ]);
  });

  it('given LOG_LEVEL=log, then info lines come too, with their fields', () => {
    const { stdout, logs } = runCli({ LOG_LEVEL: 'log' });
    expect(stdout).toBe('the export\n');
    expect(logs.map((l) => [l.level, l.msg])).toEqual([
      [30, 'rows stored'],
      [40, 'a late event'],
    ]);
    expect(logs[0]).toMatchObject({ rows: 3, context: 'Import' });
  });

  it('given a LOG_LEVEL that names no level, then the default holds', () => {
    expect(runCli({ LOG_LEVEL: 'toString' }).logs).toHaveLength(1);
  });
});
