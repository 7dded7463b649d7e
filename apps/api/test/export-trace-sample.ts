import { ExportTrace } from '../src/queries/journey-export/export-trace';

type TraceEvent = ExportTrace['events'][number];

/** When the sample starts: with milliseconds, which the writers must keep. */
const START = new Date(Date.UTC(2026, 3, 1, 9, 0, 0, 5));

/**
 * The writers' sample: a trace of one failed touchpoint (t1, web) at START, last active at 09:30;
 * `trace` and `event` give what each writer's cases need to escape.
 */
export function oneEventTrace(
  trace: Pick<ExportTrace, 'instanceId' | 'customerId' | 'status' | 'frictions'>,
  event: Pick<TraceEvent, 'step' | 'stage' | 'agentId' | 'attributes' | 'frictionTypes'>,
): ExportTrace {
  return {
    ...trace,
    startedAt: START,
    lastActivityAt: new Date(Date.UTC(2026, 3, 1, 9, 30)),
    events: [
      { occurredAt: START, touchpointId: 't1', channel: 'web', outcome: 'failure', ...event },
    ],
  };
}
