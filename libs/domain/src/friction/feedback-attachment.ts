import { JourneyInstance } from '../journeys/types';
import { InstanceFeedback } from './types';

/** Feedback as stored for a customer: which journey and touchpoint it was about, if said. */
export interface CustomerFeedback extends InstanceFeedback {
  readonly journey: string | null;
}

/**
 * Which instance each feedback is about: the one holding its touchpoint when it names one, else
 * the latest instance of its journey started at or before it (started at or before: feedback
 * given during an instance is about that instance). Feedback naming neither, or a touchpoint no
 * instance holds, belongs to none. Returns feedback per instanceId.
 */
export function attachFeedback(
  instances: readonly JourneyInstance[],
  feedback: readonly CustomerFeedback[],
): Map<string, InstanceFeedback[]> {
  const out = new Map<string, InstanceFeedback[]>();
  for (const f of feedback) {
    const owner = f.touchpointId
      ? instances.find((i) => i.steps.some((s) => s.touchpointId === f.touchpointId))
      : latestStartedBy(instances, f);
    if (!owner) continue;
    const list = out.get(owner.instanceId);
    if (list) list.push(f);
    else out.set(owner.instanceId, [f]);
  }
  return out;
}

function latestStartedBy(
  instances: readonly JourneyInstance[],
  f: CustomerFeedback,
): JourneyInstance | undefined {
  let best: JourneyInstance | undefined;
  for (const i of instances) {
    if (i.journey !== f.journey || i.startedAt > f.occurredAt) continue;
    if (!best || i.startedAt > best.startedAt) best = i;
  }
  return best;
}
