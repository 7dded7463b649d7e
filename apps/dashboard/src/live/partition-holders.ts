// Who holds a split projection's partitions (pure: no DOM, tested in node).
import { PartitionStatus, ProjectionLease } from '../api/types';
import { num } from '../format';

/** host:pid of the process holding a lease (the nonce left out); null while none holds it. */
export function holderOf(lease: ProjectionLease | null): string | null {
  if (!lease?.held || !lease.owner) return null;
  return lease.owner.split(':').slice(0, 2).join(':');
}

/** "1 partition", "16 partitions". */
export const count = (n: number, one: string, many: string) => `${num(n)} ${n === 1 ? one : many}`;

/**
 * How the partitions are shared out: "2 processes hold 16 of 16 partitions (8 on a:11, 8 on
 * b:22)", most first, and how many wait for a process (one died, and its leases have not expired).
 */
export function holdersSummary(partitions: readonly PartitionStatus[]): string {
  const held = new Map<string, number>();
  for (const p of partitions) {
    const holder = holderOf(p.lease);
    if (holder !== null) held.set(holder, (held.get(holder) ?? 0) + 1);
  }
  const total = count(partitions.length, 'partition', 'partitions');
  if (held.size === 0) return `No process holds any of the ${total}`;
  const heldCount = [...held.values()].reduce((a, b) => a + b, 0);
  const shares = [...held]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([holder, n]) => `${num(n)} on ${holder}`);
  const waiting = partitions.length - heldCount;
  return (
    `${count(held.size, 'process holds', 'processes hold')} ${num(heldCount)} of ${total} ` +
    `(${shares.join(', ')})${waiting > 0 ? `; ${num(waiting)} waiting for a process` : ''}`
  );
}
