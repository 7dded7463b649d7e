import { DAY, DemoDefinition, HOUR, MINUTE, Recorder } from './demo-data';

export const SUPPORT = 'support';

/** Customer support: self-service first, then people, until the issue is resolved. */
export const SUPPORT_DEFINITION: DemoDefinition = {
  stages: [
    { name: 'self-service', steps: ['help-article', 'chatbot'] },
    { name: 'assisted', steps: ['chat-agent', 'phone-agent', 'store-visit'] },
    { name: 'resolution', steps: ['issue-resolved', 'complaint-filed'] },
  ],
  goalSteps: ['issue-resolved'],
  failureSteps: ['complaint-filed'],
  abandonAfter: 'P7D',
  stepSla: { 'issue-resolved': 3 * DAY },
};

const COMMENTS = {
  billing: [
    'The chatbot could not explain my bill, and the chat agent could not fix it either.',
    'Had to call twice about the same charge.',
    'Billing dispute took days.',
  ],
  good: ['Sorted quickly.', 'Helpful agent.'],
};

/**
 * One support case. Planted: the chatbot cannot handle billing disputes, so billing cases go on
 * to chat agents and then the phone within days (channel hops, repeat contacts, complaints,
 * detractors).
 */
export function supportCase(r: Recorder, examples: Record<string, string>): void {
  const rng = r.rng;
  const topic = rng.weighted({ billing: 35, roaming: 20, network: 25, device: 20 });
  const billing = topic === 'billing';
  const channel = rng.chance(0.6) ? 'mobile_app' : 'web';
  const attributes = { topic };
  r.step('help-article', channel, { attributes });
  const bot = r.wait(MINUTE, 10 * MINUTE).step('chatbot', channel, { attributes });
  if (rng.chance(billing ? 0.1 : 0.55)) {
    const done = r.wait(MINUTE, 5 * MINUTE).step('issue-resolved', channel, { attributes });
    if (rng.chance(0.3))
      r.wait(MINUTE, HOUR).feedbackOn(
        'csat',
        rng.int(4, 5),
        done,
        rng.chance(0.3) ? rng.pick(COMMENTS.good) : undefined,
      );
    return;
  }
  if (rng.chance(0.08)) {
    if (rng.chance(0.3)) r.wait(MINUTE, HOUR).feedbackOn('ces', rng.int(5, 7), bot);
    return;
  }
  r.wait(5 * MINUTE, 2 * HOUR).step('chat-agent', 'chat', {
    attributes,
    agentId: `agent-${rng.int(41, 80)}`,
  });
  if (rng.chance(billing ? 0.4 : 0.7)) {
    const done = r.wait(5 * MINUTE, 30 * MINUTE).step('issue-resolved', 'chat', { attributes });
    if (rng.chance(0.3)) r.wait(MINUTE, HOUR).feedbackOn('csat', rng.int(3, 5), done);
    return;
  }
  const call = r
    .wait(DAY, 5 * DAY)
    .step('phone-agent', 'phone', { attributes, agentId: `agent-${rng.int(1, 40)}` });
  if (call && billing) examples['billing: chatbot, chat agent, then the phone'] ??= r.customerId;
  if (topic === 'network' && rng.chance(0.3))
    r.wait(DAY, 3 * DAY).step('store-visit', 'store', { attributes });
  if (billing && rng.chance(0.15)) {
    const complaint = r.wait(HOUR, 2 * DAY).step('complaint-filed', 'email', { attributes });
    r.wait(HOUR, DAY).feedbackOn('nps', rng.int(0, 3), complaint, rng.pick(COMMENTS.billing));
    return;
  }
  const done = r.wait(10 * MINUTE, 2 * HOUR).step('issue-resolved', 'phone', { attributes });
  if (rng.chance(0.5))
    r.wait(HOUR, DAY).feedbackOn(
      'nps',
      billing ? rng.int(0, 6) : rng.int(5, 9),
      done,
      billing ? rng.pick(COMMENTS.billing) : undefined,
    );
}
