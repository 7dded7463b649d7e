/**
 * How a flat record (a CSV row, an XES event's attributes) becomes a touchpoint as
 * `POST /v1/touchpoints` takes it. Three option kinds, each repeatable and comma-separated:
 *   --map     field=column     take the field from that column (or XES attribute)
 *   --set     field=value      a constant, whatever the record holds
 *   --default field=value      used when the mapped column is missing or empty
 * `field` is a touchpoint field or `attributes.<key>`. One `=` syntax for all three (the first
 * `=` splits, so column names may hold `:` as XES-style headers do); a comma cannot be part of a
 * name or value, which keeps the option one shell word.
 * Only conversions the text formats need happen here (a numeric durationMs, a timestamp written
 * with a space instead of `T`); every rule is the API's own validation afterwards.
 */

export const TOUCHPOINT_FIELDS = [
  'id',
  'customerId',
  'anonymousId',
  'journey',
  'step',
  'stage',
  'channel',
  'outcome',
  'occurredAt',
  'journeyInstanceId',
  'durationMs',
  'source',
  'agentId',
] as const;

export interface Mapping {
  /** field -> column */
  readonly columns: ReadonlyMap<string, string>;
  readonly constants: ReadonlyMap<string, string>;
  readonly defaults: ReadonlyMap<string, string>;
}

export class MappingError extends Error {}

const isField = (f: string) =>
  (TOUCHPOINT_FIELDS as readonly string[]).includes(f) || /^attributes\.[^.]{1,128}$/.test(f);

/** `a=b,c=d` (possibly several options) into pairs; every left side must be a field. */
export function parsePairs(
  options: readonly string[] | undefined,
  what: string,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const option of options ?? []) {
    for (const part of option.split(',')) {
      if (part.trim() === '') continue;
      const eq = part.indexOf('=');
      if (eq <= 0) throw new MappingError(`${what}: "${part}" is not field=value`);
      const field = part.slice(0, eq).trim();
      const value = part.slice(eq + 1).trim();
      if (!isField(field))
        throw new MappingError(
          `${what}: unknown field "${field}" (fields: ${TOUCHPOINT_FIELDS.join(', ')}, attributes.<key>)`,
        );
      if (out.has(field)) throw new MappingError(`${what}: "${field}" given twice`);
      out.set(field, value);
    }
  }
  return out;
}

export function parseMapping(options: {
  map?: readonly string[];
  set?: readonly string[];
  default?: readonly string[];
}): Mapping {
  const columns = parsePairs(options.map, '--map');
  const constants = parsePairs(options.set, '--set');
  for (const [field, column] of columns) {
    if (column === '') throw new MappingError(`--map: "${field}" needs a column name`);
    if (constants.has(field))
      throw new MappingError(`"${field}" is both mapped (--map) and constant (--set)`);
  }
  return { columns, constants, defaults: parsePairs(options.default, '--default') };
}

/** The touchpoint (still unvalidated) a record maps to. Empty cells count as absent. */
export function applyMapping(
  record: Readonly<Record<string, unknown>>,
  mapping: Mapping,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  const put = (field: string, value: unknown) => {
    if (field.startsWith('attributes.')) attributes[field.slice('attributes.'.length)] = value;
    else out[field] = convert(field, value);
  };
  for (const [field, value] of mapping.defaults) put(field, value);
  for (const [field, column] of mapping.columns) {
    const value = record[column];
    if (value !== undefined && value !== '') put(field, value);
  }
  for (const [field, value] of mapping.constants) put(field, value);
  if (Object.keys(attributes).length > 0) out.attributes = attributes;
  return out;
}

const SPACED_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d)/;

function convert(field: string, value: unknown): unknown {
  // Typed XES values (int, float, boolean) into the text fields, durationMs stays a number.
  if (typeof value === 'number' || typeof value === 'boolean')
    return field === 'durationMs' ? value : String(value);
  if (typeof value !== 'string') return value;
  if (field === 'durationMs' && /^\d+$/.test(value)) return Number(value);
  // `2011-10-11 13:45:40.276+02:00` is how CSV exports (pm4py, spreadsheets) write instants.
  if (field === 'occurredAt') return value.replace(SPACED_TIMESTAMP, '$1T$2');
  return value;
}
