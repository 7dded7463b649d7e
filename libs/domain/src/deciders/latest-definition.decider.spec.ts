import { JourneyDefined, SourceMappingDefined } from '@journey/events';
import { given } from '../../test/given';
import { defineJourney, defineSourceMapping } from './latest-definition.decider';

const journey = (goalSteps: string[]): JourneyDefined => ({
  type: 'JourneyDefined',
  data: {
    journey: 'onboarding',
    stages: [{ name: 'start', steps: ['signup', 'done'] }],
    goalSteps,
    failureSteps: [],
    abandonAfter: 'P30D',
    stepSla: { signup: 1000 },
    personalAttributes: [],
    personalByDefault: false,
    nonPersonalAttributes: [],
    frictionThresholds: {},
  },
});
const mapping = (defaultChannel: 'web' | null): SourceMappingDefined => ({
  type: 'SourceMappingDefined',
  data: { source: 'segment', rules: [], defaultChannel },
});

describe('defineJourney decider', () => {
  it('given no definition, when defined, then the definition is recorded', () => {
    given(defineJourney)
      .when(journey(['done']).data)
      .then(journey(['done']));
  });

  it('given the same definition (keys in another order), when defined again, then nothing is recorded', () => {
    const reordered = Object.fromEntries(Object.entries(journey(['done']).data).reverse());
    given(defineJourney, journey(['done']))
      .when(reordered as JourneyDefined['data'])
      .then();
  });

  it('given an older definition, when a changed one is defined, then it is recorded', () => {
    given(defineJourney, journey(['done']))
      .when(journey(['signup']).data)
      .then(journey(['signup']));
  });

  it('given a change back, the last definition counts, not the first', () => {
    given(defineJourney, journey(['done']), journey(['signup']))
      .when(journey(['done']).data)
      .then(journey(['done']));
    given(defineJourney, journey(['signup']), journey(['done']))
      .when(journey(['done']).data)
      .then();
  });
});

describe('defineSourceMapping decider', () => {
  it('given no mapping, when defined, then it is recorded', () => {
    given(defineSourceMapping).when(mapping('web').data).then(mapping('web'));
  });

  it('given the same mapping, when defined again, then nothing is recorded', () => {
    given(defineSourceMapping, mapping('web')).when(mapping('web').data).then();
  });

  it('given a mapping, when a changed one is defined, then it is recorded', () => {
    given(defineSourceMapping, mapping('web')).when(mapping(null).data).then(mapping(null));
  });
});
