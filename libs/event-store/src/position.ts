/**
 * A global position. Both adapters map onto the same pair:
 * PostgreSQL (transaction id, sequence), EventStoreDB (commit, prepare).
 * Ordered by commit, then prepare.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** Before the first event: reading from START yields everything. */
export const START: Position = Object.freeze({ commit: 0n, prepare: 0n });

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Serialised form for checkpoints: "commit/prepare". */
export function formatPosition(p: Position): string {
  return `${p.commit}/${p.prepare}`;
}

const POSITION_PATTERN = /^(\d{1,20})\/(\d{1,20})$/;

export function parsePosition(text: string): Position {
  const m = POSITION_PATTERN.exec(text);
  if (!m) throw new RangeError(`Invalid position "${text}": expected "<commit>/<prepare>"`);
  return { commit: BigInt(m[1]), prepare: BigInt(m[2]) };
}
