import { AttributeValue } from '@journey/events';

/** One event of a trace: a step of the instance, with its touchpoint's details. */
export interface ExportEvent {
  readonly step: string;
  readonly occurredAt: Date;
  readonly touchpointId: string;
  readonly stage: string | null;
  readonly channel: string;
  readonly outcome: string;
  /** Personal: decrypted for the audit scope, "[redacted]" for other keys. */
  readonly agentId: string | null;
  /** Personal ones as agentId. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Types of the friction occurrences found at this touchpoint, sorted. */
  readonly frictionTypes: readonly string[];
}

/** One journey instance as a process-mining trace. */
export interface ExportTrace {
  readonly instanceId: string;
  readonly customerId: string;
  readonly status: string;
  readonly startedAt: Date;
  readonly lastActivityAt: Date;
  /** Friction occurrences of the instance, counted per type. */
  readonly frictions: Readonly<Record<string, number>>;
  readonly events: readonly ExportEvent[];
}

/** A format: the document is head + one chunk per trace + tail. */
export interface TraceWriter {
  readonly contentType: string;
  readonly extension: string;
  head(journey: string): string;
  trace(t: ExportTrace): string;
  tail(): string;
}

export const EXPORT_FORMATS = ['xes', 'csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A journey's instances, those started on the UTC days from..to (both included, each optional). */
export interface ExportRequest {
  readonly journey: string;
  readonly from: string | null;
  readonly to: string | null;
  /** Personal fields decrypted (audit scope, or the CLI), else redacted. */
  readonly reveal: boolean;
}
