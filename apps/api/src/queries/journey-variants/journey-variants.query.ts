import { Query } from '@nestjs/cqrs';
import { JourneyVariants } from '@journey/contracts';

/** Where a page ended: its last row's (count, variant id); the order is count desc, id asc. */
export interface VariantCursor {
  readonly count: number;
  readonly variant: string;
}

export class GetJourneyVariants extends Query<JourneyVariants> {
  constructor(
    readonly journey: string,
    readonly from: string | null,
    readonly to: string | null,
    readonly channel: string | null,
    readonly limit: number,
    readonly after: VariantCursor | null,
  ) {
    super();
  }
}

/** Opaque: base64url of the JSON [count, id]. */
export function encodeVariantCursor(c: VariantCursor): string {
  return Buffer.from(JSON.stringify([c.count, c.variant])).toString('base64url');
}

export function decodeVariantCursor(cursor: string): VariantCursor | null {
  try {
    const [count, variant] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    if (!Number.isSafeInteger(count) || (count as number) < 1) return null;
    if (typeof variant !== 'string' || !/^[0-9a-f]{32}$/.test(variant)) return null;
    return { count: count as number, variant };
  } catch {
    return null;
  }
}
