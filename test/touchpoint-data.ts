import { TouchpointRecorded } from '@journey/events';

/** A touchpoint's data for tests: journey 'j', web, success, nothing optional, unless given. */
export function touchpointData(
  fields: Pick<TouchpointRecorded['data'], 'touchpointId' | 'step' | 'occurredAt'> &
    Partial<TouchpointRecorded['data']>,
): TouchpointRecorded['data'] {
  return {
    customerId: null,
    anonymousId: null,
    journey: 'j',
    stage: null,
    channel: 'web',
    outcome: 'success',
    journeyInstanceId: null,
    durationMs: null,
    source: null,
    agentId: null,
    attributes: {},
    ...fields,
  };
}
