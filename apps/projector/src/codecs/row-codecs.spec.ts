import { sampleInstances, sampleOccurrences, touchpointRows } from '../../test/codec-samples';
import { instanceCodec, instanceValues } from './instance.codec';
import { OccurrenceLines } from './occurrence-lines';
import { occurrenceCodec, occurrenceValues } from './occurrence.codec';
import { ColumnType, CopyLines, jsonInsertSql, jsonRows, RowCodec } from './row-codec';
import { touchpointCodec } from './touchpoint.codec';

/** A COPY text field read back as PostgreSQL would, then shaped like its JSON value. */
function decodeField(type: ColumnType, field: string): unknown {
  if (field === '\\N') return null;
  const text = field.replace(/\\(.)/g, (_, c: string) =>
    c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c,
  );
  if (type === 'json' || type === 'jsonb') return JSON.parse(text);
  if (type === 'int') return Number(text);
  if (type === 'text[]') return parseTextArray(text);
  return text;
}

/** A text[] literal whose elements are all quoted, or bare and escape-free. */
function parseTextArray(literal: string): string[] {
  const body = literal.slice(1, -1);
  if (body === '') return [];
  const out: string[] = [];
  for (let k = 0; k < body.length; k++) {
    let element = '';
    if (body[k] === '"') {
      for (k++; body[k] !== '"'; k++) element += body[k] === '\\' ? body[++k] : body[k];
      k++;
    } else {
      for (; k < body.length && body[k] !== ','; k++) element += body[k];
    }
    out.push(element);
  }
  return out;
}

/** The JSON value as the COPY field carries it (epoch ms travel as ISO text there). */
const asCopied = (type: ColumnType, v: unknown) =>
  type === 'epoch_ms' ? new Date(v as number).toISOString() : v;

const cases: [string, RowCodec, () => unknown[][]][] = [
  [touchpointCodec.table, touchpointCodec, touchpointRows],
  [instanceCodec.table, instanceCodec, () => sampleInstances().map((i) => instanceValues(i, 3))],
  [occurrenceCodec.table, occurrenceCodec, () => sampleOccurrences().map(occurrenceValues)],
];

describe.each(cases)('the row codec of %s', (_, codec, rows) => {
  it('given rows with odd characters and nulls, when encoded for the JSON insert and for COPY, then both carry every column with the same value', () => {
    const lines = new CopyLines(codec);
    const json = JSON.parse(jsonRows(codec, rows())) as Record<string, unknown>[];
    rows().forEach((values, r) => {
      expect(values).toHaveLength(codec.columns.length);
      expect(Object.keys(json[r])).toEqual(codec.columns.map((c) => c.key));
      const fields = lines.line(values).split('\t');
      expect(fields).toHaveLength(codec.columns.length);
      codec.columns.forEach((c, k) => {
        expect([c.name, decodeField(c.type, fields[k])]).toEqual([
          c.name,
          asCopied(c.type, json[r][c.key]),
        ]);
      });
    });
  });

  it('given the codec, when its JSON insert is written, then it names every column once, in the COPY order', () => {
    const sql = jsonInsertSql(codec);
    expect(new Set(codec.names).size).toBe(codec.columns.length);
    expect(new Set(codec.columns.map((c) => c.key)).size).toBe(codec.columns.length);
    expect(sql).toContain(`INSERT INTO ${codec.table} (${codec.names.join(', ')})`);
    for (const c of codec.columns) expect(sql).toContain(`r.${c.key}`);
  });
});

describe('occurrence COPY lines', () => {
  it('given consecutive occurrences, when OccurrenceLines writes them, then each line equals the codec COPY line', () => {
    const fast = new OccurrenceLines();
    const lines = new CopyLines(occurrenceCodec);
    for (const o of sampleOccurrences()) expect(fast.line(o)).toBe(lines.line(occurrenceValues(o)));
  });
});

describe('instanceValues', () => {
  it('given steps from a point on, when encoded, then only those steps go, with the channels of every step in order of first use', () => {
    const [i] = sampleInstances();
    const values = instanceValues(i, 0, 2);
    expect(values[6]).toEqual(['web', 'phone']);
    expect(values[7]).toEqual([i.steps[2]]);
    expect(instanceValues(i, 0)[7]).toEqual(i.steps);
  });
});
