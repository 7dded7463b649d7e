/**
 * The process graph of issue 14's loan applications (with back-edges and self-loops), the support
 * journey's, their definitions, and the random draws over them.
 */

const SEC = 1000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export type Edges = Record<string, [string, number][]>;
/** 'next weight, next weight': one line per step. */
const edges = (g: Record<string, string>): Edges =>
  Object.fromEntries(
    Object.entries(g).map(([step, list]) => [
      step,
      list.split(', ').map((e): [string, number] => [e.split(' ')[0], Number(e.split(' ')[1])]),
    ]),
  );
/** step -> [next, weight]: the happy path forward, back-edges (validate again, more documents) and self-loops (retries). */
export const LOAN = edges({
  landing: 'product-select 6, eligibility-check 2, contact-support 1',
  'product-select': 'eligibility-check 5, landing 1, application-start 2',
  'eligibility-check': 'application-start 6, eligibility-check 1, contact-support 1',
  'application-start': 'personal-details 8, save-progress 1',
  'personal-details': 'employment-details 7, save-progress 1, personal-details 1',
  'employment-details': 'income-details 7, save-progress 1',
  'income-details': 'submit 7, save-progress 1, employment-details 1',
  'save-progress': 'resume 9, withdraw 1',
  resume: 'personal-details 2, employment-details 2, income-details 2, submit 3',
  submit: 'validate 9, submit 1',
  validate: 'id-check 5, request-docs 2, call-customer 2, credit-check 2',
  'id-check': 'id-check 3, credit-check 4, call-customer 2, request-docs 1',
  'call-customer': 'call-customer 3, validate 3, request-docs 3, status-check 1, withdraw 1',
  'request-docs': 'docs-upload 6, call-customer 2, status-check 1',
  'docs-upload': 'docs-upload 2, docs-received 6',
  'docs-received': 'docs-review 6, validate 3',
  'docs-review': 'request-docs 2, underwriting 5, validate 2',
  'credit-check': 'fraud-screen 5, manual-review 1, call-customer 1',
  'fraud-screen': 'underwriting 5, manual-review 2, id-check 1',
  underwriting: 'affordability-check 4, valuation 3, manual-review 2, request-docs 2',
  'manual-review': 'underwriting 3, call-customer 2, request-docs 2, rejected 2',
  valuation: 'affordability-check 5, valuation 1, call-customer 1',
  'affordability-check': 'offer 6, manual-review 2, rejected 1',
  offer: 'offer-viewed 8',
  'offer-viewed': 'accept 5, negotiate 2, contact-support 1, decline 2, offer-viewed 1',
  negotiate: 'revised-offer 6, call-customer 2',
  'revised-offer': 'offer-viewed 6',
  accept: 'e-sign 9, contact-support 1',
  'e-sign': 'e-sign 2, funds-disbursed 8, contact-support 1',
  'contact-support': 'status-check 3, call-customer 3, resume 2, validate 1',
  'status-check': 'validate 3, call-customer 2, docs-upload 2, underwriting 1',
});
export const SUPPORT = edges({
  'open-ticket': 'triage 1',
  triage: 'agent-reply 4, escalate 1',
  'agent-reply': 'customer-reply 5, resolve 3',
  'customer-reply': 'agent-reply 5, escalate 1, resolve 1',
  escalate: 'agent-reply 3, resolve 2, close-unresolved 1',
});
/** A repeat of one of these means the previous attempt failed (an id check, an upload, a signature). */
export const RETRIED = new Set(
  'id-check docs-upload e-sign eligibility-check call-customer'.split(' '),
);
export const LOAN_FIRST = edges({
  first: 'landing 7, eligibility-check 1.5, application-start 1.5',
}).first;
/** Steps done on a given channel whatever the customer's usual one: the channel switches. */
export const FIXED_CHANNEL: Record<string, string[]> = {
  'call-customer': ['phone'],
  'contact-support': ['chat', 'phone'],
  'request-docs': ['email'],
  'status-check': ['chat', 'web', 'phone'],
  'manual-review': ['phone', 'email'],
};

const stages = (list: Record<string, string>) =>
  Object.entries(list).map(([name, steps]) => ({ name, steps: steps.split(' ') }));
/** The definitions PUT before posting (PUT /v1/journeys/{journey}/definition). */
export const DEFINITIONS = {
  loan: {
    stages: stages({
      discover: 'landing product-select eligibility-check',
      apply:
        'application-start personal-details employment-details income-details save-progress resume submit',
      verify:
        'validate id-check call-customer request-docs docs-upload docs-received docs-review credit-check fraud-screen contact-support status-check',
      decide: 'underwriting manual-review valuation affordability-check rejected',
      offer: 'offer offer-viewed negotiate revised-offer accept decline withdraw',
      close: 'e-sign funds-disbursed',
    }),
    goalSteps: ['funds-disbursed'],
    failureSteps: ['decline', 'rejected', 'withdraw'],
    stepSla: { 'docs-review': 2 * DAY, underwriting: 3 * DAY, 'call-customer': 4 * HOUR },
    abandonAfter: 'P21D',
  },
  support: {
    stages: stages({ ticket: [...Object.keys(SUPPORT), 'resolve', 'close-unresolved'].join(' ') }),
    goalSteps: ['resolve'],
    failureSteps: ['close-unresolved'],
    abandonAfter: 'P14D',
  },
};

export function pick(rnd: () => number, options: [string, number][]): string {
  const total = options.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [step, w] of options) if ((x -= w) < 0) return step;
  return options[options.length - 1][0];
}

/** Seconds to days, 8% of them zero (a step recorded in the same instant as the one before). */
export function gap(rnd: () => number): number {
  const x = rnd();
  if (x < 0.08) return 0;
  if (x < 0.48) return Math.round((5 + rnd() * 115) * SEC);
  if (x < 0.78) return Math.round((2 + rnd() * 58) * 60 * SEC);
  if (x < 0.94) return Math.round((1 + rnd() * 23) * HOUR);
  return Math.round((1 + rnd() * 4) * DAY);
}

/**
 * One journey's steps: terminal steps (those without edges) are closed off until `length`, then
 * four times as likely, so most end between 20 and 60 steps; it stops at `max` (left open).
 */
export function walk(rnd: () => number, edges: Edges, first: string, length: number, max: number) {
  const steps = [first];
  for (let cur = first; steps.length < max && edges[cur];) {
    const open = edges[cur].map(([s, w]): [string, number] =>
      edges[s] ? [s, w] : [s, steps.length >= length ? 4 * w : 0],
    );
    cur = pick(rnd, open);
    steps.push(cur);
  }
  return steps;
}
