import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createTestDatabase, TestDatabase } from '../../../test/test-database';
import { TEST_KEK } from './harness';
import { runCli } from './process-harness';

const CSV = [
  'case,activity,ts,ch',
  'c1,Open,2024-05-01 10:00:00+00:00,web', // line 2: fine
  'c1,Wait,2024-05-01 10:05:00+00:00,pigeon', // 3: channel
  'c2,,2024-05-01 10:06:00+00:00,web', // 4: no step
  'c2,Open,yesterday,web', // 5: occurredAt
  'c3,"Close, finally",2024-05-01T11:00:00Z,email', // 6: fine (quoted comma)
].join('\n');

interface Reject {
  row: number;
  problems: { field: string; rule: string }[];
}

/** The built CLI with files holding bad rows, against a fresh database (no app needed). */
describe('import: bad rows', () => {
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const stored = async () =>
    Number(
      (await db.pool.query(`SELECT count(*) AS n FROM es_events WHERE type = 'TouchpointRecorded'`))
        .rows[0].n,
    );
  const rejectsOf = (file: string): Reject[] =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Reject);
  const csvArgs = (file: string) => [
    'import',
    file,
    '--journey',
    'orders',
    '--map',
    'customerId=case,step=activity,occurredAt=ts,channel=ch',
  ];

  beforeAll(async () => {
    db = await createTestDatabase(2);
    dir = mkdtempSync(path.join(tmpdir(), 'import-rejects-'));
    env = { DATABASE_URL: db.url, LOG_LEVEL: 'error', DATA_KEK: TEST_KEK };
    writeFileSync(path.join(dir, 'orders.csv'), CSV);
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('--dry-run lists the bad rows and stores nothing', async () => {
    const file = path.join(dir, 'orders.csv');
    const run = await runCli([...csvArgs(file), '--dry-run'], env);
    expect(run.output).toMatch(/dry run: 5 rows read, 0 stored, 0 duplicates, 3 rejected/);
    expect(run.code).toBe(0);
    expect(rejectsOf(`${file}.rejects.ndjson`).map((r) => r.row)).toEqual([3, 4, 5]);
  });

  it('--strict stops at the first bad row with a non-zero exit, rows before it stored', async () => {
    const file = path.join(dir, 'orders.csv');
    const run = await runCli([...csvArgs(file), '--strict'], env);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/2 rows read, 1 stored, 0 duplicates, 1 rejected/);
    expect(run.output).toMatch(/stopped by --strict at row 3/);
    expect(await stored()).toBe(1);
  });

  it('writes exactly the bad rows, with their row numbers and fields, and stores the others', async () => {
    const file = path.join(dir, 'orders.csv');
    const rejects = path.join(dir, 'bad.ndjson');
    const run = await runCli([...csvArgs(file), '--rejects', rejects], env);
    expect(run.code).toBe(0);
    // The row stored by the --strict run is a duplicate now: same file, same derived id.
    expect(run.output).toMatch(/5 rows read, 1 stored, 1 duplicates, 3 rejected/);
    expect(
      rejectsOf(rejects).map((r) => [r.row, r.problems.map((p) => `${p.field}:${p.rule}`)]),
    ).toEqual([
      [3, ['channel:enum']],
      [4, ['step:required']],
      [5, ['occurredAt:format']],
    ]);
    expect(await stored()).toBe(2);
  });

  it('NDJSON (gzipped): lines that are not JSON or not a valid touchpoint are rejected by line', async () => {
    const ok = (id: string) =>
      JSON.stringify({
        id,
        customerId: 'n1',
        journey: 'orders',
        step: 'Open',
        channel: 'web',
        occurredAt: '2024-05-02T10:00:00Z',
      });
    const lines = [ok('a'), '{"id": ', '', `${ok('b').slice(0, -1)},"colour":"red"}`, ok('c')];
    const file = path.join(dir, 'events.ndjson.gz');
    writeFileSync(file, gzipSync(lines.join('\n')));
    const run = await runCli(['import', file], env);
    expect(run.output).toMatch(/4 rows read, 2 stored, 0 duplicates, 2 rejected/);
    expect(
      rejectsOf(`${file}.rejects.ndjson`).map((r) => [
        r.row,
        r.problems.map((p) => `${p.field}:${p.rule}`),
      ]),
    ).toEqual([
      [2, [':unreadable']],
      [4, ['colour:unknownField']],
    ]);
    // No rejects, no file: an earlier run's is removed.
    writeFileSync(file, gzipSync(ok('a')));
    expect((await runCli(['import', file], env)).code).toBe(0);
    expect(existsSync(`${file}.rejects.ndjson`)).toBe(false);
  });
});
