import { AttributeValue } from '@journey/events';

const MAX_DEPTH = 4;

/**
 * Touchpoint attributes from an event's properties or traits: strings, finite numbers and
 * booleans as they are; nested objects flattened into dotted keys (`address.city`), arrays kept
 * as their JSON text, nulls left out (a missing value). The attribute limits are checked after,
 * as for any touchpoint, so nothing is cut silently.
 */
export function attributesFrom(
  properties: Readonly<Record<string, unknown>>,
): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  flatten(properties, '', 0, out);
  return out;
}

function flatten(
  value: Readonly<Record<string, unknown>>,
  prefix: string,
  depth: number,
  out: Record<string, AttributeValue>,
): void {
  for (const [key, v] of Object.entries(value)) {
    const name = prefix + key;
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') out[name] = v;
    else if (Array.isArray(v) || depth + 1 >= MAX_DEPTH) out[name] = JSON.stringify(v);
    else if (typeof v === 'object')
      flatten(v as Record<string, unknown>, `${name}.`, depth + 1, out);
    else out[name] = String(v);
  }
}
