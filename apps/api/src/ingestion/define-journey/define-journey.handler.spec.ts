import { JourneyEvent, journeyDefinitionStream } from '@journey/events';
import { RivalWriterStore } from '../../../test/rival-writer';
import { PersonalData } from '../../personal-data/personal-data.service';
import { DefineJourney } from './define-journey.command';
import { DefineJourneyHandler } from './define-journey.handler';
import { DefinitionInput } from './journey-definition.pipe';
import { definitionSettings } from '../../../../../test/journey-definition';

const context = { requestId: 'r1', correlationId: 'c1', apiKeyId: null, caller: 'test' };
const definition = (goalSteps: string[]): DefinitionInput =>
  definitionSettings({ stages: [{ name: 'start', steps: ['signup', 'done'] }], goalSteps });
const defined = (goalSteps: string[]): JourneyEvent => ({
  type: 'JourneyDefined',
  data: { journey: 'j', ...definition(goalSteps) },
});

describe('DefineJourneyHandler (in-memory store)', () => {
  it('given a rival definition during the append, then the new one is retried as version 2, chained; the same again changes nothing', async () => {
    const store = new RivalWriterStore(1, () => defined(['signup']));
    const forgotten: string[] = [];
    const personal = { attributes: { forget: (j: string) => forgotten.push(j) } };
    const handler = new DefineJourneyHandler(store, personal as unknown as PersonalData);
    const first = await handler.execute(new DefineJourney('j', definition(['done']), context));
    expect(first).toMatchObject({ version: 2, changed: true, data: { goalSteps: ['done'] } });
    expect(forgotten).toEqual(['j']);
    expect(await store.chainBreak(journeyDefinitionStream('j'))).toBeNull();

    const again = await handler.execute(new DefineJourney('j', definition(['done']), context));
    expect(again).toEqual({ ...first, changed: false });
    expect(store.appends).toBe(2);
  });
});
