import { Channel } from '@journey/events';

/**
 * How a channel serves the customer: 'digital' (self-service), 'assisted' (a person helps), or
 * 'neither' (internal or unknown work, which neither makes nor breaks a channel hop).
 */
export type ChannelKind = 'digital' | 'assisted' | 'neither';

export function channelKind(channel: Channel): ChannelKind {
  switch (channel) {
    case 'web':
    case 'mobile_app':
    case 'email':
    case 'sms':
    case 'social':
    case 'kiosk':
      return 'digital';
    case 'phone':
    case 'chat':
    case 'store':
    case 'mail':
    case 'partner':
      return 'assisted';
    case 'back_office':
    case 'other':
      return 'neither';
    default: {
      const _: never = channel;
      return _;
    }
  }
}
