import { Channel, Outcome } from './touchpoint-recorded.event';

/** The kinds of external messages a mapping rule can match (Segment's calls, a CloudEvent). */
export const EXTERNAL_EVENT_KINDS = ['track', 'page', 'screen', 'identify', 'cloudevent'] as const;
export type ExternalEventKind = (typeof EXTERNAL_EVENT_KINDS)[number];

/**
 * One rule of a source mapping: which external events it takes (`match`), and which journey and
 * step they become, either fixed or read from a property (`journeyFrom: "properties.journey"`).
 * Absent parts are null, so the stored shape is the same for every rule.
 */
export interface SourceMappingRule {
  readonly match: { readonly kind: ExternalEventKind | null; readonly name: string | null };
  readonly journey: string | null;
  readonly journeyFrom: string | null;
  readonly step: string | null;
  readonly stepFrom: string | null;
  readonly stage: string | null;
  readonly outcome: Outcome | null;
  /** Overrides the channel the event suggests. */
  readonly channel: Channel | null;
}

/**
 * How one source's external events (Segment, CloudEvents) become touchpoints; the source is the
 * name of the API key they come with. Stored in the source's own stream; the last one is current.
 */
export interface SourceMappingDefined {
  readonly type: 'SourceMappingDefined';
  readonly data: {
    readonly source: string;
    /** First matching rule wins; an event no rule matches is listed as unmapped. */
    readonly rules: readonly SourceMappingRule[];
    /** The channel when neither the rule nor the event names one (else 'other'). */
    readonly defaultChannel: Channel | null;
  };
}
