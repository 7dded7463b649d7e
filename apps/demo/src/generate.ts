import { DAY, DemoData, DemoOptions, Recorder } from './demo-data';
import { ONBOARDING, ONBOARDING_DEFINITION, onboardingCustomer } from './onboarding';
import { Random } from './prng';
import { SUPPORT, SUPPORT_DEFINITION, supportCase } from './support';

export const DEFAULT_DEMO = { days: 90, customers: 4000, seed: 42 } as const;

const id = (n: number) => `cust-${String(n).padStart(6, '0')}`;

/**
 * The demo data set, a pure function of its options: onboarding for `customers` customers and
 * support cases for about 60% as many (half of them customers who onboarded), spread over the
 * `days` before `now`, with the planted frictions of onboarding.ts and support.ts.
 */
export function generateDemo(o: DemoOptions): DemoData {
  const start = o.now - o.days * DAY;
  const clock = {
    releaseAt: o.now - Math.round(o.days / 2) * DAY,
    courierChangeAt: o.now - Math.round(o.days / 3) * DAY,
  };
  const examples: Record<string, string> = {};
  const recorders: Recorder[] = [];
  const onboarded: { customerId: string; at: number }[] = [];
  for (let i = 1; i <= o.customers; i++) {
    const rng = Random.for(o.seed, `onboarding/${i}`);
    const r = new Recorder(rng, ONBOARDING, id(i), o.now, start + rng.next() * o.days * DAY);
    onboardingCustomer(r, clock, examples);
    recorders.push(r);
    const last = r.touchpoints[r.touchpoints.length - 1];
    if (last?.step === 'activated')
      onboarded.push({ customerId: r.customerId, at: Date.parse(last.occurredAt) });
  }
  const cases = Math.round(o.customers * 0.6);
  for (let i = 1; i <= cases; i++) {
    const rng = Random.for(o.seed, `support/${i}`);
    const known = i % 2 === 0 && onboarded.length > 0 ? rng.pick(onboarded) : null;
    const customerId = known?.customerId ?? id(o.customers + i);
    const from = known ? known.at + DAY : start;
    if (from >= o.now) continue;
    const at = from + rng.next() * (o.now - from);
    const r = new Recorder(rng, SUPPORT, customerId, o.now, at, `${customerId}-${SUPPORT}-${i}`);
    supportCase(r, examples);
    recorders.push(r);
  }
  const byTime = <T extends { occurredAt: string }>(a: T, b: T) =>
    a.occurredAt.localeCompare(b.occurredAt);
  return {
    definitions: { [ONBOARDING]: ONBOARDING_DEFINITION, [SUPPORT]: SUPPORT_DEFINITION },
    touchpoints: recorders.flatMap((r) => r.touchpoints).sort(byTime),
    identities: recorders.flatMap((r) => r.identities).sort(byTime),
    feedback: recorders.flatMap((r) => r.feedback).sort(byTime),
    examples,
  };
}
