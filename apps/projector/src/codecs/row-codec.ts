import { escapeCopyText } from '../rebuild/copy-writer';
import { IsoTimes, textArrayField } from './occurrence-lines';

/**
 * How a column travels: as text (or a uuid, or a timestamptz already in ISO form), as epoch
 * milliseconds, as a text[] or as JSON. The JSON insert and the COPY path each format it their
 * way, from the same value.
 */
export type ColumnType =
  'text' | 'int' | 'uuid' | 'timestamptz' | 'epoch_ms' | 'text[]' | 'json' | 'jsonb';

export interface Column {
  readonly name: string;
  /** Its key in the JSON insert's records (short: a batch's JSON is built and parsed per row). */
  readonly key: string;
  readonly type: ColumnType;
}

/**
 * One read-model table's row layout, shared by the live projection's JSON insert (one JSON
 * parameter, `json[b]_to_recordset`) and the rebuild's COPY, so that a column cannot differ
 * between them: both take a row as its values in `columns` order, from one function per table.
 */
export interface RowCodec {
  readonly table: string;
  readonly columns: readonly Column[];
  readonly names: readonly string[];
  /** json keeps a value's text as sent; jsonb parses it once. */
  readonly recordset: 'json' | 'jsonb';
}

export function rowCodec(
  table: string,
  recordset: RowCodec['recordset'],
  columns: readonly [name: string, key: string, type: ColumnType][],
): RowCodec {
  return {
    table,
    recordset,
    columns: columns.map(([name, key, type]) => ({ name, key, type })),
    names: columns.map(([name]) => name),
  };
}

const SQL_TYPE: Record<ColumnType, string> = {
  text: 'text',
  int: 'int',
  uuid: 'uuid',
  timestamptz: 'timestamptz',
  epoch_ms: 'float8',
  'text[]': 'text[]',
  json: 'json',
  jsonb: 'jsonb',
};

/**
 * `INSERT INTO <table> [AS alias] (<columns>) SELECT ... FROM json[b]_to_recordset($1) AS r(...)`
 * then `tail` (ON CONFLICT, RETURNING); its one parameter is jsonRows().
 */
export function jsonInsertSql(
  codec: RowCodec,
  options: { alias?: string; tail?: string } = {},
): string {
  const { recordset: rs, columns } = codec;
  const select = columns.map((c) =>
    c.type === 'epoch_ms' ? `to_timestamp(r.${c.key} / 1000.0)` : `r.${c.key}`,
  );
  const record = columns.map((c) => `${c.key} ${SQL_TYPE[c.type]}`);
  return (
    `INSERT INTO ${codec.table}${options.alias ? ` AS ${options.alias}` : ''} (${codec.names.join(', ')})\n` +
    `SELECT ${select.join(', ')}\n` +
    `  FROM ${rs}_to_recordset($1::${rs}) AS r(${record.join(', ')})` +
    (options.tail ? `\n${options.tail}` : '')
  );
}

/** Rows (values in column order) as jsonInsertSql's parameter: one JSON document. */
export function jsonRows(codec: RowCodec, rows: readonly (readonly unknown[])[]): string {
  const keys = codec.columns.map((c) => c.key);
  return JSON.stringify(
    rows.map((values) => {
      const record: Record<string, unknown> = {};
      for (let k = 0; k < keys.length; k++) record[keys[k]] = values[k];
      return record;
    }),
  );
}

/** Rows (values in column order) as COPY text lines (fields escaped, tab-separated, \N for null). */
export class CopyLines {
  private readonly types: readonly ColumnType[];
  private readonly times = new IsoTimes();

  constructor(codec: RowCodec) {
    this.types = codec.columns.map((c) => c.type);
  }

  line(values: readonly unknown[]): string {
    let line = '';
    for (let k = 0; k < this.types.length; k++) {
      if (k > 0) line += '\t';
      line += this.field(this.types[k], values[k]);
    }
    return line;
  }

  private field(type: ColumnType, v: unknown): string {
    if (v === null) return '\\N';
    switch (type) {
      case 'epoch_ms':
        return this.times.format(v as number);
      case 'text[]':
        return textArrayField(v as readonly string[]);
      case 'json':
      case 'jsonb':
        return escapeCopyText(JSON.stringify(v));
      case 'int':
        return String(v);
      default:
        return escapeCopyText(v as string);
    }
  }
}
