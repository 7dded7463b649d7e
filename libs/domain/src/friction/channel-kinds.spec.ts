import { CHANNELS } from '@journey/events';
import { channelKind } from './channel-kinds';

describe('channelKind', () => {
  it('given every channel, when classified, then digital and assisted are exactly the documented ones', () => {
    const of = (kind: string) => CHANNELS.filter((c) => channelKind(c) === kind);
    expect(of('digital')).toEqual(['web', 'mobile_app', 'email', 'sms', 'social', 'kiosk']);
    expect(of('assisted')).toEqual(['phone', 'chat', 'store', 'mail', 'partner']);
    expect(of('neither')).toEqual(['back_office', 'other']);
  });
});
