import { RequestContext } from '../../common/request-context';

/**
 * An event from a tool that services already use (a Segment message, a CloudEvent), read out of
 * its envelope and not yet mapped: which journey and step it is, if any, is the source mapping's
 * business (`PUT /v1/sources/{source}/mapping`; the source is the name of the API key it came
 * with, as for every event).
 */
export interface ExternalEvent {
  /** Where in the request it was (the batch index): errors name it, `events[3].timestamp`. */
  readonly index: number;
  /** The field path prefix errors use for it, e.g. `batch[3]` or `[2]` or '' for a single event. */
  readonly path: string;
  /** What kind of message: 'track' | 'page' | 'screen' | 'identify' (Segment), 'cloudevent'. */
  readonly kind: 'track' | 'page' | 'screen' | 'identify' | 'cloudevent';
  /**
   * The envelope's own idempotency key, stable across the client's retries: Segment's
   * `messageId`, a CloudEvent's `source` + `id`. The touchpoint id derives from it.
   */
  readonly idempotencyKey: string;
  /** The name the mapping matches: Segment's `event` (track), page/screen name, CE `type`. */
  readonly name: string;
  readonly customerId: string | null;
  readonly anonymousId: string | null;
  /** ISO-8601 instant when it happened (already corrected, e.g. by Segment's sentAt). */
  readonly occurredAt: string;
  /** Properties, traits or CE data (an object), which mapping rules may read. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** A channel the envelope suggests (Segment's context.channel / library), if any. */
  readonly channelHint: string | null;
}

/** What ingesting a request's external events did. */
export interface ExternalEventsResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly identified: number;
  /** Events no rule of the source mapping matched: counted and listed, not stored as touchpoints. */
  readonly unmapped: number;
}

/**
 * The one seam between envelope parsers (Segment, CloudEvents) and the command handlers: maps
 * the events through the source's mapping, validates the resulting touchpoints as
 * `POST /v1/touchpoints` does (all or nothing per request, errors naming `path` and the field),
 * records unmapped ones, and executes the same commands as the native endpoints.
 */
export abstract class ExternalEventIngestion {
  abstract ingest(
    events: readonly ExternalEvent[],
    context: RequestContext,
  ): Promise<ExternalEventsResult>;
}
