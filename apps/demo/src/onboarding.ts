import { DAY, DemoDefinition, HOUR, MINUTE, Recorder } from './demo-data';

export const ONBOARDING = 'onboarding';

/** A telecom's onboarding: browse plans, apply, pass the identity check, sign, activate the SIM. */
export const ONBOARDING_DEFINITION: DemoDefinition = {
  stages: [
    { name: 'discover', steps: ['landing', 'plan-select'] },
    { name: 'apply', steps: ['signup', 'personal-details', 'id-check'] },
    { name: 'contract', steps: ['credit-check', 'contract-sign', 'application-rejected'] },
    { name: 'activate', steps: ['sim-shipped', 'sim-activation', 'activated'] },
  ],
  goalSteps: ['activated'],
  failureSteps: ['application-rejected'],
  abandonAfter: 'P14D',
  stepSla: { 'credit-check': 3 * HOUR, 'sim-activation': 5 * DAY },
};

/** What the planted frictions need to know about time. */
export interface OnboardingClock {
  /** Mobile app 5.2 ships: its ID photo upload fails most of the time from then on. */
  releaseAt: number;
  /** The northern courier changes: SIM cards take over a week from then on. */
  courierChangeAt: number;
}

const COMMENTS = {
  idCheck: [
    'The app kept rejecting my ID photo, had to call in the end.',
    'ID check failed three times on my phone. Frustrating.',
    'Could not get past the identity step in the app.',
  ],
  slowSim: ['Waited over a week for the SIM card.', 'SIM delivery took forever.'],
  good: ['Quick and easy.', 'Smooth sign-up.', 'Done in minutes, great.'],
};

/**
 * One customer's onboarding. Planted frictions: the identity check fails on the mobile app after
 * its 5.2 release and sends customers to the phone (repeat attempts, failures, channel hops,
 * abandonment, bad feedback); slow SIM delivery in the north after a courier change (slow steps);
 * some customers go back to correct their details after the credit check (backtracks).
 */
export function onboardingCustomer(
  r: Recorder,
  clock: OnboardingClock,
  examples: Record<string, string>,
): void {
  const rng = r.rng;
  const region = rng.weighted({ north: 2, south: 4, east: 2, west: 2 });
  let channel = rng.chance(0.55) ? 'mobile_app' : 'web';
  const mobile = channel === 'mobile_app';
  const attributes = (ch: string): Record<string, string> => ({
    region,
    ...(ch === 'mobile_app' ? { appVersion: r.t >= clock.releaseAt ? '5.2' : '5.1' } : {}),
  });

  if (rng.chance(0.6)) {
    // Browses anonymously on the web first, identified when signing up (if ever).
    const anonymousId = `anon-${r.customerId.slice(5)}-${rng.int(1000, 9999)}`;
    r.step('landing', 'web', { anonymousId, attributes: { region } });
    r.wait(MINUTE, 6 * MINUTE).step('plan-select', 'web', { anonymousId, attributes: { region } });
    if (rng.chance(0.22)) return; // left without signing up: an anonymous visit only
    r.wait(10 * MINUTE, 3 * DAY);
    r.step('signup', channel, { attributes: attributes(channel) });
    r.identify(anonymousId);
  } else {
    r.step('plan-select', channel, { attributes: attributes(channel) });
    r.wait(2 * MINUTE, 20 * MINUTE).step('signup', channel, { attributes: attributes(channel) });
  }
  if (rng.chance(0.05)) return;
  r.wait(2 * MINUTE, 15 * MINUTE).step('personal-details', channel, {
    attributes: attributes(channel),
  });

  const failRate = !mobile ? 0.05 : r.t >= clock.releaseAt ? 0.55 : 0.08;
  let passed = false;
  let last = null;
  for (let attempt = 1; attempt <= 3 && !passed; attempt++) {
    r.wait(attempt === 1 ? MINUTE : 40_000, attempt === 1 ? 10 * MINUTE : 5 * MINUTE);
    passed = !rng.chance(failRate);
    last = r.step('id-check', channel, {
      outcome: passed ? 'success' : 'failure',
      attributes: attributes(channel),
    });
  }
  let hopped = false;
  if (!passed) {
    const next = rng.weighted({ phone: 60, web: 15, gaveUp: 25 });
    if (next === 'gaveUp') {
      r.wait(HOUR, 2 * DAY);
      if (rng.chance(0.35)) r.feedbackOn('nps', rng.int(0, 4), last, rng.pick(COMMENTS.idCheck));
      return;
    }
    r.wait(next === 'phone' ? HOUR : 2 * HOUR, next === 'phone' ? 20 * HOUR : 2 * DAY);
    const agentId = next === 'phone' ? `agent-${rng.int(1, 40)}` : undefined;
    if (
      r.step('id-check', next, { agentId, attributes: attributes(next) }) &&
      mobile &&
      next === 'phone'
    ) {
      examples['mobile id-check failures, then the phone'] ??= r.customerId;
    }
    channel = next;
    hopped = next === 'phone';
  }

  const creditWait = rng.chance(0.08) ? [3 * HOUR, 8 * HOUR] : [10 * MINUTE, 60 * MINUTE];
  r.wait(creditWait[0], creditWait[1]).step('credit-check', 'back_office', {
    attributes: { region },
  });
  if (rng.chance(0.04)) {
    r.wait(MINUTE, 10 * MINUTE).step('application-rejected', 'back_office', {
      attributes: { region },
    });
    return;
  }
  const signChannel = channel === 'phone' ? 'email' : channel;
  if (rng.chance(0.07)) {
    // The credit check asks for corrected details: back to the apply stage.
    if (
      r
        .wait(HOUR, DAY)
        .step('personal-details', signChannel, { attributes: attributes(signChannel) })
    ) {
      examples['back to personal details after the credit check'] ??= r.customerId;
    }
    r.wait(5 * MINUTE, 30 * MINUTE).step('credit-check', 'back_office', { attributes: { region } });
  }
  r.wait(5 * MINUTE, DAY).step('contract-sign', signChannel, {
    attributes: attributes(signChannel),
  });
  if (rng.chance(0.04)) return;

  r.wait(4 * HOUR, DAY).step('sim-shipped', 'back_office', { attributes: { region } });
  const slow = region === 'north' && r.t >= clock.courierChangeAt && rng.chance(0.7);
  r.wait(slow ? 6 * DAY : DAY, slow ? 11 * DAY : 3 * DAY);
  const activation = rng.weighted({ mobile_app: 60, web: 30, store: 10 });
  const activated = r.step('sim-activation', activation, { attributes: attributes(activation) });
  if (activated && slow) examples['slow SIM delivery in the north'] ??= r.customerId;
  const done = r
    .wait(MINUTE, 10 * MINUTE)
    .step('activated', 'back_office', { attributes: { region } });
  if (!rng.chance(0.4)) return;
  r.wait(10 * MINUTE, DAY);
  if (hopped)
    r.feedbackOn('csat', rng.chance(0.8) ? rng.int(1, 2) : 3, done, rng.pick(COMMENTS.idCheck));
  else if (slow) r.feedbackOn('csat', rng.int(2, 3), done, rng.pick(COMMENTS.slowSim));
  else
    r.feedbackOn(
      'csat',
      rng.chance(0.85) ? rng.int(4, 5) : 3,
      done,
      rng.chance(0.3) ? rng.pick(COMMENTS.good) : undefined,
    );
}
