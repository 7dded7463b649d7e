import { fact, rules } from '../../test/facts';
import { segmentInstances } from './segmentation';
import { channelsOf } from './types';

describe('channelsOf', () => {
  it('given an instance that went web, phone, web, email, when its channels are asked, then each comes once in order of first use', () => {
    const [instance] = segmentInstances(
      [
        fact({ step: 'a', occurredAt: 1, channel: 'web' }),
        fact({ step: 'b', occurredAt: 2, channel: 'phone' }),
        fact({ step: 'c', occurredAt: 3, channel: 'web' }),
        fact({ step: 'd', occurredAt: 4, channel: 'email' }),
      ],
      rules(),
      4,
    );
    expect(channelsOf(instance)).toEqual(['web', 'phone', 'email']);
  });
});
