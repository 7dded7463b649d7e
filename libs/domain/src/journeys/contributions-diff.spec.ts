import { Contributions } from './contribution-keys';
import { applyContributionsDiff, diffContributions } from './contributions-diff';

const contributions = (
  counters: Record<string, number>,
  durations: Record<string, number[]> = {},
): Contributions => ({
  counters: new Map(Object.entries(counters)),
  durations: new Map(Object.entries(durations)),
  variants: new Map(),
});

describe('diffContributions', () => {
  it('given before and after, when diffed, then counters carry after - before and zero deltas are dropped', () => {
    const before = contributions({ same: 2, gone: 1, down: 3 });
    const after = contributions({ same: 2, down: 1, fresh: 4 });
    expect(Object.fromEntries(diffContributions(before, after).counters)).toEqual({
      gone: -1,
      down: -2,
      fresh: 4,
    });
  });

  it.each([
    ['unchanged samples', [5, 7], [7, 5], [], []],
    ['a sample added', [5], [5, 9], [9], []],
    ['a sample removed', [5, 9], [9], [], [5]],
    ['duplicates counted as a multiset', [5, 5, 5], [5, 9, 9], [9, 9], [5, 5]],
    ['a new key', undefined, [3, 1], [1, 3], []],
    ['a vanished key', [2], undefined, [], [2]],
  ])(
    'given %s, when diffed, then durations added and removed are the multiset differences',
    (_c, old, now, added, removed) => {
      const diff = diffContributions(
        contributions({}, old ? { k: old } : {}),
        contributions({}, now ? { k: now } : {}),
      );
      expect(diff.durationsAdded.get('k') ?? []).toEqual(added);
      expect(diff.durationsRemoved.get('k') ?? []).toEqual(removed);
      expect(diff.durationsAdded.has('k')).toBe(added.length > 0);
      expect(diff.durationsRemoved.has('k')).toBe(removed.length > 0);
    },
  );
});

describe('applyContributionsDiff', () => {
  it('given a base and the diff to another, when applied, then the result is the other', () => {
    const before = contributions({ a: 1, b: 2 }, { x: [1, 2, 2], y: [4] });
    const after = contributions({ b: 5, c: 1 }, { x: [2, 3], z: [0] });
    expect(applyContributionsDiff(before, diffContributions(before, after))).toEqual(after);
  });

  it('given a diff onto a sum of contributions, when applied, then only the changed part moves', () => {
    const total = contributions({ a: 10 }, { x: [1, 1, 8] });
    const diff = diffContributions(contributions({ a: 1 }, { x: [1] }), contributions({ a: 3 }));
    const next = applyContributionsDiff(total, diff);
    expect(Object.fromEntries(next.counters)).toEqual({ a: 12 });
    expect(Object.fromEntries(next.durations)).toEqual({ x: [1, 8] });
  });

  it('given a diff removing samples the base lacks, when applied, then it refuses', () => {
    const diff = diffContributions(contributions({}, { x: [7] }), contributions({}));
    expect(() => applyContributionsDiff(contributions({}, { x: [1] }), diff)).toThrow(RangeError);
  });
});
