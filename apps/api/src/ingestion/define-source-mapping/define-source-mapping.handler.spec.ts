import { JourneyEvent, sourceMappingStream } from '@journey/events';
import { RivalWriterStore } from '../../../test/rival-writer';
import { DefineSourceMapping } from './define-source-mapping.command';
import { DefineSourceMappingHandler } from './define-source-mapping.handler';
import { SourceMappingCache } from './source-mapping.cache';

const context = { requestId: 'r1', correlationId: 'c1', apiKeyId: null, caller: 'test' };
const mapping = (defaultChannel: 'web' | null) => ({ rules: [], defaultChannel });
const defined = (defaultChannel: 'web' | null): JourneyEvent => ({
  type: 'SourceMappingDefined',
  data: { source: 'seg', ...mapping(defaultChannel) },
});

describe('DefineSourceMappingHandler (in-memory store)', () => {
  it('given a rival mapping during the append, then the new one is retried as version 2, chained; the same again changes nothing', async () => {
    const store = new RivalWriterStore(1, () => defined(null));
    const forgotten: string[] = [];
    const cache = { forget: (s: string) => forgotten.push(s) };
    const handler = new DefineSourceMappingHandler(store, cache as unknown as SourceMappingCache);
    const first = await handler.execute(new DefineSourceMapping('seg', mapping('web'), context));
    expect(first).toMatchObject({ version: 2, changed: true, data: { defaultChannel: 'web' } });
    expect(forgotten).toEqual(['seg']);
    expect(await store.chainBreak(sourceMappingStream('seg'))).toBeNull();

    const again = await handler.execute(new DefineSourceMapping('seg', mapping('web'), context));
    expect(again).toEqual({ ...first, changed: false });
    expect(store.appends).toBe(2);
  });
});
