import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_FRICTION_THRESHOLDS,
  frictionThresholds,
  InvalidFrictionThresholdsError,
  validateFrictionThresholds,
} from './thresholds';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The defaults as docs/frictions.md lists them ("`name` (3)", "(1 h)", "(7 d)"): the users' copy,
 * so the code and the documentation cannot drift apart.
 */
function documentedDefaults(): Record<string, number> {
  const doc = readFileSync(path.resolve(__dirname, '../../../../docs/frictions.md'), 'utf8');
  const paragraph = doc.slice(
    doc.indexOf('**Thresholds per journey.**'),
    doc.indexOf('Out-of-range'),
  );
  const unit: Record<string, number> = { '': 1, h: HOUR, d: DAY };
  return Object.fromEntries(
    [...paragraph.matchAll(/`(\w+)` \((\d+)(?: ([hd]))?\)/g)].map(([, name, n, u]) => [
      name,
      Number(n) * unit[u ?? ''],
    ]),
  );
}

describe('friction thresholds', () => {
  it('given no overrides, when merged, then they are the documented defaults', () => {
    const expected = documentedDefaults();
    expect(Object.keys(expected)).toHaveLength(10);
    expect(DEFAULT_FRICTION_THRESHOLDS).toEqual(expected);
    expect(frictionThresholds()).toEqual(expected);
    expect(frictionThresholds(null)).toEqual(expected);
    expect(frictionThresholds({})).toEqual(expected);
  });

  it('given some overrides, when merged, then they replace only their defaults', () => {
    const merged = frictionThresholds({ repeatAttemptCount: 4, csatMax: 3, npsMax: undefined });
    expect(merged).toEqual({ ...DEFAULT_FRICTION_THRESHOLDS, repeatAttemptCount: 4, csatMax: 3 });
    expect(DEFAULT_FRICTION_THRESHOLDS.repeatAttemptCount).toBe(3);
  });

  it('given overrides at the edges of their ranges, when validated, then they are accepted', () => {
    const edges = {
      repeatAttemptCount: 2,
      repeatContactCount: 2,
      repeatAttemptWindowMs: 1,
      slowStepMinSamples: 1,
      csatMax: 5,
      npsMax: 0,
      cesMin: 7,
    };
    expect(validateFrictionThresholds(edges)).toEqual([]);
    expect(frictionThresholds(edges)).toMatchObject(edges);
  });

  it('given invalid overrides, when validated, then every problem is listed by field', () => {
    const problems = validateFrictionThresholds({
      repeatAttemptCount: 1,
      repeatContactCount: 2.5,
      channelHopWindowMs: 0,
      slowStepMinSamples: Number.NaN,
      csatMax: 6,
      npsMax: -1,
      cesMin: '5',
      unknownKnob: 1,
    });
    expect(problems).toEqual([
      { field: 'repeatAttemptCount', message: 'must be between 2 and 1000000' },
      { field: 'repeatContactCount', message: 'must be an integer' },
      { field: 'channelHopWindowMs', message: 'must be between 1 and 315360000000' },
      { field: 'slowStepMinSamples', message: 'must be a finite number' },
      { field: 'csatMax', message: 'must be between 1 and 5' },
      { field: 'npsMax', message: 'must be between 0 and 10' },
      { field: 'cesMin', message: 'must be a finite number' },
      { field: 'unknownKnob', message: 'is not a friction threshold' },
    ]);
  });

  it.each([['a string'], [42], [[1, 2]]])(
    'given a non-object override %p, when validated, then it is one problem',
    (value) => {
      expect(validateFrictionThresholds(value)).toEqual([
        { field: '', message: 'must be an object' },
      ]);
    },
  );

  it('given an inherited or prototype key, when validated, then it is not a threshold', () => {
    const parsed: unknown = JSON.parse('{"__proto__": {"x": 1}, "toString": 3}');
    expect(validateFrictionThresholds(parsed).map((p) => p.field)).toEqual([
      '__proto__',
      'toString',
    ]);
  });

  it('given an invalid override, when merged, then it throws with the problems', () => {
    let error: unknown;
    try {
      frictionThresholds({ cesMin: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidFrictionThresholdsError);
    expect((error as InvalidFrictionThresholdsError).problems).toEqual([
      { field: 'cesMin', message: 'must be between 1 and 7' },
    ]);
    expect((error as Error).message).toBe(
      'Invalid friction thresholds: cesMin must be between 1 and 7',
    );
  });
});
