import { SourceMappingRule } from '@journey/events';
import { mappingProblems } from './mapping-problems';

const rule = (r: Partial<SourceMappingRule>): SourceMappingRule => ({
  match: { kind: 'track', name: null },
  journey: 'purchase',
  journeyFrom: null,
  step: 'checkout',
  stepFrom: null,
  stage: null,
  outcome: null,
  channel: null,
  ...r,
});

const fields = (rules: SourceMappingRule[]) =>
  mappingProblems(rules).map((p) => `${p.field}:${p.rule}`);

describe('mappingProblems', () => {
  it('given valid rules, then there is no problem', () => {
    expect(
      fields([
        rule({ match: { kind: 'track', name: 'Checkout Started' } }),
        rule({
          journey: null,
          journeyFrom: 'properties.journey',
          stepFrom: 'properties.step',
          step: null,
        }),
      ]),
    ).toEqual([]);
  });

  it('given a rule matching nothing in particular, then match is required', () => {
    expect(fields([rule({ match: { kind: null, name: null } })])).toEqual([
      'rules.0.match:required',
    ]);
  });

  it('given both or neither of journey and journeyFrom, then exactlyOne names the field', () => {
    expect(fields([rule({ journeyFrom: 'properties.j' })])).toEqual(['rules.0.journey:exactlyOne']);
    expect(fields([rule({ step: null })])).toEqual(['rules.0.step:exactlyOne']);
  });

  it('given a path outside properties, then the pattern rule names it', () => {
    expect(fields([rule({ journey: null, journeyFrom: 'context.journey' })])).toEqual([
      'rules.0.journeyFrom:pattern',
    ]);
  });

  it('given a rule an earlier fixed rule always takes first, then it is unreachable', () => {
    expect(
      fields([rule({}), rule({ match: { kind: 'track', name: 'Signed Up' }, journey: 'x' })]),
    ).toEqual(['rules.1.match:unreachable']);
    // An earlier rule reading properties may not apply: the later one stays reachable.
    expect(
      fields([
        rule({ journey: null, journeyFrom: 'properties.j' }),
        rule({ match: { kind: 'track', name: 'Signed Up' } }),
      ]),
    ).toEqual([]);
  });
});
