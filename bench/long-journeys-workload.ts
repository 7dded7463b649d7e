/**
 * Issue 14's workload: loan applications of 20 to 60 steps (a Markov chain over a process graph with
 * back-edges and self-loops), 10% of customers also with a short support journey, posted as one
 * merge across customers in event time, with ~1% late touchpoints. Deterministic: seeded PRNG.
 */

import {
  FIXED_CHANNEL,
  gap,
  LOAN,
  LOAN_FIRST,
  pick,
  RETRIED,
  SUPPORT,
  walk,
} from './long-journeys-graph';

export interface Touchpoint {
  id: string;
  customerId: string;
  journey: 'loan' | 'support';
  step: string;
  channel: string;
  occurredAt: string;
  outcome: 'success' | 'failure';
}
/** A touchpoint with its time as a number, for sorting. */
export interface Timed {
  readonly t: number;
  readonly tp: Touchpoint;
}

const SEC = 1000;
const DAY = 86_400_000;
/** Starts of the loaded history; far enough back that everything lies in the past (the API refuses the future). */
export const HISTORY_T0 = Date.UTC(2026, 2, 1);
export const START_WINDOW_MS = 60 * DAY;

/** Seeded PRNG (mulberry32): a stream of floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const customerIdOf = (c: number) => `lc-${String(c).padStart(6, '0')}`;

/** Customer c's touchpoints in event-time order: a loan from `start`, maybe a support journey within it. */
export function customerTouchpoints(seed: number, c: number, start: number): Timed[] {
  const rnd = prng(Math.imul(c + 1, 0x9e3779b1) ^ seed);
  const customerId = customerIdOf(c);
  const home = rnd() < 0.55 ? 'web' : 'mobile_app';
  const firstStep = pick(rnd, LOAN_FIRST);
  const loan = walk(rnd, LOAN, firstStep, 20 + Math.floor(rnd() * 41), 60);
  const out: Timed[] = [];
  const emit = (
    journey: Touchpoint['journey'],
    steps: string[],
    t0: number,
    channels: string[],
  ) => {
    let t = t0;
    let usual = channels[0];
    steps.forEach((step, k) => {
      if (k > 0) t += gap(rnd);
      if (journey === 'loan' && rnd() < 0.05) usual = usual === 'web' ? 'mobile_app' : 'web';
      const fixed = journey === 'loan' ? FIXED_CHANNEL[step] : channels;
      const channel = fixed ? fixed[Math.floor(rnd() * fixed.length)] : usual;
      const retried = steps[k + 1] === step && RETRIED.has(step);
      const outcome = retried || rnd() < 0.03 ? 'failure' : 'success';
      const id = `${customerId}-${journey}-${k}`;
      out.push({ t, tp: { id, customerId, journey, step, channel, occurredAt: '', outcome } });
    });
    return t;
  };
  const end = emit('loan', loan, start, [home]);
  if (rnd() < 0.1) {
    const support = walk(rnd, SUPPORT, 'open-ticket', 4 + Math.floor(rnd() * 9), 12);
    emit('support', support, start + Math.floor(rnd() * (end - start)), ['chat', 'phone', 'email']);
  }
  // Stable: steps of the two journeys at the same instant keep their order.
  out.sort((a, b) => a.t - b.t);
  for (const e of out) e.tp.occurredAt = new Date(e.t).toISOString();
  return out;
}

/** Customers [first, first + n), one starting every `spacing` (jittered) from `t0`, merged in event time. */
export function mergedCustomers(
  seed: number,
  first: number,
  n: number,
  t0: number,
  spacing: number,
) {
  const perCustomer: Timed[][] = [];
  for (let c = first; c < first + n; c++) {
    const start = t0 + (c - first + prng(seed ^ 0x5bd1e995 ^ c)()) * spacing;
    perCustomer.push(customerTouchpoints(seed, c, Math.floor(start / SEC) * SEC));
  }
  // Stable, so ties keep customer then step order.
  const merged = perCustomer.flat().sort((a, b) => a.t - b.t);
  return { perCustomer, merged };
}

/**
 * The loaded history in posting order: the event-time merge, except ~1% of touchpoints held back
 * until 1,000 to 5,000 positions after a later touchpoint (1 to 4 steps on) of the same customer.
 */
export function history(seed: number, customers: number) {
  const spacing = START_WINDOW_MS / customers;
  const { perCustomer, merged } = mergedCustomers(seed, 0, customers, HISTORY_T0, spacing);
  const index = new Map(merged.map((e, i) => [e, i]));
  const key = merged.map((_, i) => i);
  const rnd = prng(seed ^ 0x1b873593);
  for (const events of perCustomer) {
    events.forEach((e, k) => {
      if (k + 1 >= events.length || rnd() >= 0.01) return;
      const later = events[Math.min(events.length - 1, k + 1 + Math.floor(rnd() * 4))];
      key[index.get(e)!] = index.get(later)! + 1000 + Math.floor(rnd() * 4000) + 0.5;
    });
  }
  const order = merged.map((_, i) => i).sort((a, b) => key[a] - key[b]);
  return { posted: order.map((i) => merged[i]), perCustomer };
}

/**
 * The generator continued: new customers from `first`, starting from `startAt` at the history's
 * rate, the first `count` touchpoints of their merge. Grown until that prefix ends before the next
 * customer would start, so it is exactly what an endless generator would give.
 */
export function steady(
  seed: number,
  first: number,
  startAt: number,
  spacing: number,
  count: number,
) {
  for (let n = Math.ceil(count / 20) + 50; ; n *= 2) {
    const { merged } = mergedCustomers(seed, first, n, startAt, spacing);
    if (merged.length >= count && merged[count - 1].t < startAt + n * spacing)
      return merged.slice(0, count);
  }
}

/** What the map must show (step occurrences per journey) and the workload's shape, for the report. */
export function describe(posted: readonly Timed[], perCustomer: readonly Timed[][]) {
  const counts: Record<string, Record<string, number>> = { loan: {}, support: {} };
  const latest = new Map<string, number>();
  let late = 0;
  for (const { t, tp } of posted) {
    counts[tp.journey][tp.step] = (counts[tp.journey][tp.step] ?? 0) + 1;
    if (t < (latest.get(tp.customerId) ?? -Infinity)) late++;
    latest.set(tp.customerId, Math.max(t, latest.get(tp.customerId) ?? -Infinity));
  }
  let sameInstant = 0;
  let switches = 0;
  const loanLengths: number[] = [];
  for (const events of perCustomer) {
    for (const journey of ['loan', 'support']) {
      const list = events.filter((e) => e.tp.journey === journey);
      if (journey === 'loan') loanLengths.push(list.length);
      list.forEach((e, k) => {
        if (k > 0 && e.t === list[k - 1].t) sameInstant++;
        if (k > 0 && e.tp.channel !== list[k - 1].tp.channel) switches++;
      });
    }
  }
  // Not Math.min(...): hundreds of thousands of arguments overflow the stack.
  const from = posted.reduce((m, e) => Math.min(m, e.t), Infinity);
  const to = posted.reduce((m, e) => Math.max(m, e.t), -Infinity);
  return {
    counts,
    shape: {
      customers: perCustomer.length,
      touchpoints: posted.length,
      supportJourneys: perCustomer.filter((c) => c.some((e) => e.tp.journey === 'support')).length,
      loanSteps: {
        min: loanLengths.reduce((m, n) => Math.min(m, n), Infinity),
        mean: Math.round((loanLengths.reduce((a, n) => a + n, 0) / loanLengths.length) * 10) / 10,
        max: loanLengths.reduce((m, n) => Math.max(m, n), 0),
      },
      distinctLoanSteps: Object.keys(counts.loan).length,
      lateTouchpoints: late,
      sameInstantAsPrevious: sameInstant,
      channelSwitches: switches,
      failures: posted.filter((e) => e.tp.outcome === 'failure').length,
      eventTime: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    },
    lastT: to,
  };
}
