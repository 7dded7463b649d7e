import {
  CustomerIdentified,
  deserialize,
  FeedbackGiven,
  JourneyDefined,
  TouchpointRecorded,
} from '@journey/events';
import { RecordedEvent } from '@journey/event-store';
import { withoutPersonalData } from './erasure';

/** A batch's events by kind, each list in arrival order. */
export interface BatchEvents {
  readonly touchpoints: { event: TouchpointRecorded; recorded: RecordedEvent }[];
  readonly links: CustomerIdentified[];
  readonly feedback: FeedbackGiven[];
  readonly definitions: { event: JourneyDefined; recorded: RecordedEvent }[];
  readonly erased: string[];
}

/** Sorts a batch by kind; events of unknown types (none today) are skipped. */
export function sortBatch(events: readonly RecordedEvent[]): BatchEvents {
  const out: BatchEvents = {
    touchpoints: [],
    links: [],
    feedback: [],
    definitions: [],
    erased: [],
  };
  const { feedback } = out;
  for (const recorded of events) {
    const event = deserialize(recorded)?.event;
    if (!event) continue;
    switch (event.type) {
      case 'TouchpointRecorded':
        out.touchpoints.push({ event, recorded });
        break;
      case 'CustomerIdentified':
        out.links.push(event);
        break;
      case 'FeedbackGiven':
        feedback.push(event);
        break;
      case 'JourneyDefined':
        out.definitions.push({ event, recorded });
        break;
      case 'CustomerErased': {
        const { customerId } = event.data;
        out.erased.push(customerId);
        // Feedback of this batch given before the erasure loses its comment as well.
        feedback.forEach((f, i) => {
          if (f.data.customerId === customerId) feedback[i] = withoutPersonalData(f);
        });
        break;
      }
      case 'SourceMappingDefined':
        // Ingestion configuration, in streams the journeys projection does not read.
        break;
      default: {
        const _: never = event;
        return _;
      }
    }
  }
  return out;
}
