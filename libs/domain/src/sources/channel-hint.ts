import { Channel, CHANNELS } from '@journey/events';

/**
 * What the sender's own words say about the channel. Segment's `context.channel` is 'browser',
 * 'mobile' or 'server'; its libraries name the platform. Server libraries (analytics-node,
 * -python, ...) and 'server' say nothing about where the customer was, so they give no channel.
 */
const HINTS: Readonly<Record<string, Channel>> = {
  browser: 'web',
  web: 'web',
  'analytics.js': 'web',
  'analytics-next': 'web',
  'analytics-browser': 'web',
  mobile: 'mobile_app',
  'analytics-ios': 'mobile_app',
  'analytics-swift': 'mobile_app',
  'analytics-android': 'mobile_app',
  'analytics-kotlin': 'mobile_app',
  'analytics-kotlin-android': 'mobile_app',
  'analytics-react-native': 'mobile_app',
  'analytics-flutter': 'mobile_app',
};

const OWN: ReadonlySet<string> = new Set(CHANNELS);

/** Our channel for a hint (one of ours as is, or a Segment channel or library), else null. */
export function channelFromHint(hint: string | null): Channel | null {
  if (hint === null) return null;
  if (OWN.has(hint)) return hint as Channel;
  const key = hint.toLowerCase().replace(/^@segment\//, '');
  return Object.hasOwn(HINTS, key) ? HINTS[key] : null;
}
