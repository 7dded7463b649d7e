import request from 'supertest';
import { bearer, TestApp, touchpoint } from './harness';

/**
 * The setup requests the e2e specs share: each posts with the key of the scope it needs and
 * expects the answer a valid request gets, so a spec's setup fails where it goes wrong.
 */

/** Posts one touchpoint (a body) or a list of them with the ingest key; expects 202. */
export const postTouchpoints = (t: TestApp, touchpoints: object | object[]) =>
  request(t.server)
    .post('/v1/touchpoints')
    .set(bearer(t.keys.ingest))
    .send(Array.isArray(touchpoints) ? { touchpoints } : touchpoints)
    .expect(202);

/** Posts many touchpoints in requests of `size` (the API's batch limit is 1000). */
export async function ingestInBatches(t: TestApp, all: object[], size = 1000): Promise<void> {
  for (let i = 0; i < all.length; i += size) await postTouchpoints(t, all.slice(i, i + size));
}

/** Posts one feedback with the ingest key; expects 202. */
export const sendFeedback = (t: TestApp, feedback: object) =>
  request(t.server).post('/v1/feedback').set(bearer(t.keys.ingest)).send(feedback).expect(202);

/** Defines (201) or redefines (200) a journey with the admin key; `status` for one refused. */
export const defineJourney = (t: TestApp, journey: string, definition: object, status = 201) =>
  request(t.server)
    .put(`/v1/journeys/${journey}/definition`)
    .set(bearer(t.keys.admin))
    .send(definition)
    .expect(status);

/** A touchpoint of `customerId` on the onboarding journey at `occurredAt`. */
export const onboardingTouchpoint = (
  customerId: string,
  id: string,
  step: string,
  occurredAt: string,
  extra = {},
) => touchpoint({ id, customerId, journey: 'onboarding', step, occurredAt, ...extra });

/** The onboarding journey of the customer-journeys and export specs: apply, verify, done. */
export const onboardingDefinition = {
  stages: [
    { name: 'apply', steps: ['start', 'details'] },
    { name: 'verify', steps: ['id-check'] },
    { name: 'done', steps: ['activated', 'rejected'] },
  ],
  goalSteps: ['activated'],
  failureSteps: ['rejected'],
  abandonAfter: 'P30D',
};

/** Links an anonymous id to a customer with the ingest key; expects 202. */
export const linkIdentity = (t: TestApp, link: object) =>
  request(t.server).post('/v1/identities').set(bearer(t.keys.ingest)).send(link).expect(202);
