import { at, fact, rules } from '../../test/facts';
import { segmentInstances } from '../journeys/segmentation';
import { TouchpointFact } from '../journeys/types';
import { detectFrictions } from './detect-frictions';
import { diffFrictions } from './frictions-diff';
import { frictionThresholds } from './thresholds';
import { FrictionOccurrence } from './types';

const T0 = at('2026-03-01T09:00:00');
const MIN = 60_000;

const detect = (facts: TouchpointFact[]) =>
  segmentInstances(facts, rules(), T0).flatMap((i) =>
    detectFrictions(i, { rules: rules(), thresholds: frictionThresholds() }),
  );

/** Applies a diff to stored occurrences, as the projector would (delete, then upsert by id). */
const apply = (
  stored: readonly FrictionOccurrence[],
  before: FrictionOccurrence[],
  after: FrictionOccurrence[],
) => {
  const { upserts, removedIds } = diffFrictions(before, after);
  const byId = new Map(stored.map((o) => [o.id, o]));
  removedIds.forEach((id) => byId.delete(id));
  upserts.forEach((o) => byId.set(o.id, o));
  return [...byId.values()];
};
const sortedById = (list: FrictionOccurrence[]) =>
  [...list].sort((a, b) => a.id.localeCompare(b.id));

const attempt = (id: string, minute: number) =>
  fact({ touchpointId: id, step: 'pay', occurredAt: T0 + minute * MIN, journeyInstanceId: 'i1' });

describe('diffFrictions', () => {
  it('given the same detection again, then nothing changes', () => {
    const found = detect([attempt('a', 0), attempt('b', 1), attempt('c', 2)]);
    expect(found).toHaveLength(1);
    expect(
      diffFrictions(found, detect([attempt('a', 0), attempt('b', 1), attempt('c', 2)])),
    ).toEqual({
      upserts: [],
      removedIds: [],
    });
  });

  it('given a late touchpoint that completes a pattern, then only the new occurrence is added', () => {
    const before = detect([attempt('a', 0), attempt('c', 2)]);
    const after = detect([attempt('a', 0), attempt('b', 1), attempt('c', 2)]);
    const diff = diffFrictions(before, after);
    expect(before).toEqual([]);
    expect(diff.upserts.map((o) => o.triggerId)).toEqual(['c']);
    expect(diff.removedIds).toEqual([]);
  });

  it('given a late touchpoint that changes an occurrence’s evidence, then it is upserted under the same id', () => {
    const before = detect([attempt('a', 0), attempt('b', 10), attempt('d', 30)]);
    const after = detect([attempt('a', 0), attempt('b', 10), attempt('c', 20), attempt('d', 30)]);
    const diff = diffFrictions(before, after);
    expect(diff.upserts.map((o) => [o.triggerId, o.touchpointIds.join(',')])).toEqual([
      ['c', 'a,b,c'],
      ['d', 'a,b,c,d'],
    ]);
    expect(diff.upserts[1].id).toBe(before[0].id);
    expect(sortedById(apply(before, before, after))).toEqual(sortedById(after));
  });

  it('given a touchpoint that moves out of the window (corrected time), then its occurrence is removed', () => {
    const before = detect([attempt('a', 0), attempt('b', 1), attempt('c', 2)]);
    const after = detect([attempt('a', 0), attempt('b', 1), attempt('c', 200)]);
    expect(diffFrictions(before, after)).toEqual({ upserts: [], removedIds: [before[0].id] });
  });

  it('given stored occurrences whose keys come back in another order (jsonb), then they are not rewritten', () => {
    const found = detect([attempt('a', 0), attempt('b', 1), attempt('c', 2)]);
    const reordered = found.map(
      (o) =>
        JSON.parse(
          JSON.stringify(Object.fromEntries(Object.entries(o).reverse())),
        ) as FrictionOccurrence,
    );
    expect(diffFrictions(reordered, found)).toEqual({ upserts: [], removedIds: [] });
  });
});
