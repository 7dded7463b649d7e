import { Channel, ExternalEventKind, Outcome, SourceMappingDefined } from '@journey/events';
import { channelFromHint } from './channel-hint';

export type SourceMapping = Omit<SourceMappingDefined['data'], 'source'>;

/** What a rule reads of an external event (the API's ExternalEvent is one). */
export interface MappableEvent {
  readonly kind: ExternalEventKind;
  readonly name: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly channelHint: string | null;
}

/** Where a mapped event goes: the touchpoint fields a rule decides. */
export interface MappedStep {
  readonly rule: number;
  /** As found: a value read from a property is validated later, like any touchpoint's. */
  readonly journey: unknown;
  readonly step: unknown;
  readonly stage: string | null;
  readonly outcome: Outcome | null;
  readonly channel: Channel;
}

/** The channel when neither the rule, the event nor the mapping names one. */
export const FALLBACK_CHANNEL: Channel = 'other';

/**
 * The first rule that matches the event, or null (unmapped). A rule matches when its `kind` and
 * `name` (exact, case-sensitive) agree with the event's, and the properties it reads the journey
 * and step from are there: an event without them is unmapped, not an error.
 */
export function mapEvent(mapping: SourceMapping, event: MappableEvent): MappedStep | null {
  for (let i = 0; i < mapping.rules.length; i++) {
    const rule = mapping.rules[i];
    const { kind, name } = rule.match;
    if (kind !== null && kind !== event.kind) continue;
    if (name !== null && name !== event.name) continue;
    const journey = rule.journeyFrom === null ? rule.journey : readPath(event, rule.journeyFrom);
    const step = rule.stepFrom === null ? rule.step : readPath(event, rule.stepFrom);
    if (journey === undefined || journey === null || step === undefined || step === null) continue;
    return {
      rule: i,
      journey,
      step,
      stage: rule.stage,
      outcome: rule.outcome,
      channel: channelOf(mapping, rule.channel, event.channelHint),
    };
  }
  return null;
}

/** The rule's channel, else the event's hint, else the mapping's default, else 'other'. */
export function channelOf(
  mapping: Pick<SourceMapping, 'defaultChannel'>,
  ruleChannel: Channel | null,
  hint: string | null,
): Channel {
  return ruleChannel ?? channelFromHint(hint) ?? mapping.defaultChannel ?? FALLBACK_CHANNEL;
}

/** `properties.a.b` of the event; undefined when any part is missing. */
export function readPath(event: Pick<MappableEvent, 'properties'>, path: string): unknown {
  const [root, ...keys] = path.split('.');
  if (root !== 'properties') return undefined;
  let value: unknown = event.properties;
  for (const key of keys) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
