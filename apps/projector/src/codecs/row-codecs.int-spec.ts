import { TestDatabase } from '../../../../test/test-database';
import { migratedTestDatabase } from '../../../../test/webhook-fixtures';
import { sampleInstances, sampleOccurrences, touchpointRows } from '../../test/codec-samples';
import { CopyWriter } from '../rebuild/copy-writer';
import { instanceCodec, instanceValues } from './instance.codec';
import { OccurrenceLines } from './occurrence-lines';
import { occurrenceCodec, occurrenceValues } from './occurrence.codec';
import { CopyLines, jsonInsertSql, jsonRows, RowCodec } from './row-codec';
import { touchpointCodec } from './touchpoint.codec';

describe('row codecs over PostgreSQL: the JSON insert and COPY store the same rows', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedTestDatabase(2);
  });
  afterAll(async () => db?.drop());

  /** Copies of the table (its columns and types) that one path each fills. */
  const tables = async (codec: RowCodec) => {
    for (const suffix of ['json', 'copy'])
      await db.pool.query(`CREATE TABLE ${codec.table}_${suffix} (LIKE ${codec.table})`);
    return { json: { ...codec, table: `${codec.table}_json` }, copy: `${codec.table}_copy` };
  };
  const copy = async (codec: RowCodec, table: string, lines: string[]) => {
    const client = await db.pool.connect();
    try {
      const out = new CopyWriter(client, table, codec.names);
      for (const line of lines) await out.writeLine(line);
      await out.end();
    } finally {
      client.release();
    }
  };
  const stored = async (table: string) =>
    (await db.pool.query(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY 1`)).rows;

  it.each<[string, RowCodec, () => unknown[][], ((rows: unknown[][]) => string[]) | null]>([
    [touchpointCodec.table, touchpointCodec, touchpointRows, null],
    [
      instanceCodec.table,
      instanceCodec,
      () => sampleInstances().map((i) => instanceValues(i, 3)),
      null,
    ],
    [occurrenceCodec.table, occurrenceCodec, () => sampleOccurrences().map(occurrenceValues), null],
    [
      `${occurrenceCodec.table} (OccurrenceLines)`,
      occurrenceCodec,
      () => sampleOccurrences().map(occurrenceValues),
      () => {
        const fast = new OccurrenceLines();
        return sampleOccurrences().map((o) => fast.line(o));
      },
    ],
  ])(
    'given rows of %s, when stored by each path, then the tables hold the same rows',
    async (_, codec, rows, fastLines) => {
      await db.pool.query(`DROP TABLE IF EXISTS ${codec.table}_json, ${codec.table}_copy`);
      const { json, copy: copied } = await tables(codec);
      await db.pool.query(jsonInsertSql(json), [jsonRows(codec, rows())]);
      const lines = fastLines ? fastLines(rows()) : rows().map((v) => new CopyLines(codec).line(v));
      await copy(codec, copied, lines);
      const viaJson = await stored(json.table);
      expect(viaJson).toHaveLength(rows().length);
      expect(await stored(copied)).toEqual(viaJson);
    },
  );
});
