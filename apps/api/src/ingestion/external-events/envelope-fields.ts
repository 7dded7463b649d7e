import { FieldProblem } from '../../common/app-error';
import { ExternalEvent } from './external-event';

/** Touchpoint and identity fields by the envelope field they come from, so errors name those. */
const SEGMENT: Readonly<Record<string, string>> = {
  id: 'messageId',
  customerId: 'userId',
  anonymousId: 'anonymousId',
  occurredAt: 'timestamp',
  attributes: 'properties',
};
const CLOUDEVENT: Readonly<Record<string, string>> = {
  id: 'id',
  customerId: 'subject',
  occurredAt: 'time',
  attributes: 'data',
};

/**
 * A problem found on the touchpoint (or identity) made from an event, named as the client sent
 * it: `occurredAt` of `batch[3]` is `batch[3].timestamp`; a journey or step read from a property
 * is that property (`batch[3].properties.step`).
 */
export function envelopeProblem(
  event: ExternalEvent,
  problem: FieldProblem,
  readFrom: Readonly<Record<string, string | null>> = {},
): FieldProblem {
  const [head, ...rest] = problem.field.split('.');
  const names = event.kind === 'cloudevent' ? CLOUDEVENT : SEGMENT;
  const from = readFrom[head];
  let field: string;
  if (from) field = [from, ...rest].join('.');
  else if (head === 'attributes' && event.kind === 'identify')
    field = ['traits', ...rest].join('.');
  else field = [names[head] ?? head, ...rest].filter((s) => s !== '').join('.');
  return {
    ...problem,
    index: event.index,
    field: event.path ? (field ? `${event.path}.${field}` : event.path) : field,
  };
}
