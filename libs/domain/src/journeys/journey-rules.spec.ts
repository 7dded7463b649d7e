import { JourneyDefined } from '@journey/events';
import { rulesFromDefinition } from './journey-rules';
import { definitionData } from '../../../../test/journey-definition';

const DAY = 86_400_000;

describe('rulesFromDefinition', () => {
  it('given no definition, when rules are made, then they are the defaults (P30D, nothing else)', () => {
    const rules = rulesFromDefinition(null, 'onboarding');
    expect(rules).toEqual({
      journey: 'onboarding',
      stages: [],
      stageOfStep: new Map(),
      goalSteps: new Set(),
      failureSteps: new Set(),
      abandonAfterMs: 30 * DAY,
      stepSlaMs: new Map(),
    });
  });

  it('given a definition, when rules are made, then stages, terminal steps, window and SLAs carry over', () => {
    const def: JourneyDefined['data'] = {
      journey: 'onboarding',
      stages: [
        { name: 'discover', steps: ['visit', 'signup'] },
        { name: 'activate', steps: ['kyc', 'first_deposit'] },
      ],
      goalSteps: ['first_deposit'],
      failureSteps: ['kyc_rejected'],
      abandonAfter: 'P7D',
      stepSla: { kyc: 3_600_000 },
      personalAttributes: [],
      personalByDefault: false,
      nonPersonalAttributes: [],
      frictionThresholds: {},
    };
    const rules = rulesFromDefinition(def, 'onboarding');
    expect(rules.stages).toEqual(['discover', 'activate']);
    expect([...rules.stageOfStep]).toEqual([
      ['visit', 'discover'],
      ['signup', 'discover'],
      ['kyc', 'activate'],
      ['first_deposit', 'activate'],
    ]);
    expect([...rules.goalSteps]).toEqual(['first_deposit']);
    expect([...rules.failureSteps]).toEqual(['kyc_rejected']);
    expect(rules.abandonAfterMs).toBe(7 * DAY);
    expect([...rules.stepSlaMs]).toEqual([['kyc', 3_600_000]]);
  });

  it.each([
    ['a step listed in two stages belongs to the first', 'PT1H', 'first', 3_600_000],
    ['an abandonAfter that does not parse falls back to P30D', 'thirty days', 'first', 30 * DAY],
  ])('given %s', (_case, abandonAfter, expectedStage, expectedMs) => {
    const rules = rulesFromDefinition(
      definitionData('j', {
        stages: [
          { name: 'first', steps: ['x'] },
          { name: 'second', steps: ['x', 'y'] },
        ],
        abandonAfter,
      }),
      'j',
    );
    expect(rules.stageOfStep.get('x')).toBe(expectedStage);
    expect(rules.stageOfStep.get('y')).toBe('second');
    expect(rules.abandonAfterMs).toBe(expectedMs);
  });
});
