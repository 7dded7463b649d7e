import { isIsoInstantWithOffset } from '../../ingestion/validation/custom-rules';

/**
 * Where a page ended: the last row's sort key (startedAt, instanceId, journey; all descending).
 * The journey is part of it: instances of different journeys may share a start and an id.
 */
export interface PageCursor {
  readonly startedAt: string;
  readonly instanceId: string;
  readonly journey: string;
}

/** Opaque page cursors: base64url of the last row's sort key. */
export function encodeCursor(c: PageCursor): string {
  return Buffer.from(JSON.stringify([c.startedAt, c.instanceId, c.journey])).toString('base64url');
}

export function decodeCursor(cursor: string): PageCursor | null {
  try {
    // Cursors of before 2026-12-02 carry no journey: '' sorts below every journey, so they page on
    // as they did (past every instance of that start and id).
    const [startedAt, instanceId, journey = ''] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    if (
      typeof startedAt !== 'string' ||
      typeof instanceId !== 'string' ||
      typeof journey !== 'string' ||
      !isIsoInstantWithOffset(startedAt)
    )
      return null;
    return { startedAt, instanceId, journey };
  } catch {
    return null;
  }
}

/** Newest first: startedAt, then instanceId, then journey, all descending (the read model's ORDER BY). */
export function newestFirst(
  a: { startedAt: Date; instanceId: string; journey: string },
  b: { startedAt: Date; instanceId: string; journey: string },
): number {
  const t = b.startedAt.getTime() - a.startedAt.getTime();
  if (t !== 0) return t;
  if (a.instanceId !== b.instanceId) return a.instanceId < b.instanceId ? 1 : -1;
  return a.journey < b.journey ? 1 : a.journey > b.journey ? -1 : 0;
}
