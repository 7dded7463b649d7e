import { generateDemo } from '../src/generate';
import { BATCH } from '../src/http-seeder';

const NOW = Date.parse('2026-06-30T12:00:00Z');
const DAY = 86_400_000;

describe('generateDemo', () => {
  const data = generateDemo({ now: NOW, days: 90, customers: 600, seed: 42 });

  it('is the same for the same options, and different for another seed', () => {
    expect(generateDemo({ now: NOW, days: 90, customers: 600, seed: 42 })).toEqual(data);
    const other = generateDemo({ now: NOW, days: 90, customers: 600, seed: 43 });
    expect(other.touchpoints).not.toEqual(data.touchpoints);
  });

  it('stays inside the 90 days before now, in time order, with unique ids', () => {
    const times = data.touchpoints.map((t) => Date.parse(t.occurredAt));
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - 90 * DAY);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(data.touchpoints.map((t) => t.id)).size).toBe(data.touchpoints.length);
    expect(new Set(data.feedback.map((f) => f.id)).size).toBe(data.feedback.length);
    for (const f of data.feedback) expect(Date.parse(f.occurredAt)).toBeLessThanOrEqual(NOW);
  });

  it('links anonymous visits to customers, and every linked id was used anonymously first', () => {
    expect(data.identities.length).toBeGreaterThan(100);
    const anonymous = new Map<string, number>();
    for (const t of data.touchpoints)
      if (t.anonymousId)
        anonymous.set(
          t.anonymousId,
          Math.min(anonymous.get(t.anonymousId) ?? Infinity, Date.parse(t.occurredAt)),
        );
    for (const link of data.identities)
      expect(anonymous.get(link.anonymousId)).toBeLessThanOrEqual(Date.parse(link.occurredAt));
  });

  it('plants the mobile identity check failure: it fails far more often after the app release', () => {
    const release = NOW - 45 * DAY;
    const rate = (after: boolean) => {
      const checks = data.touchpoints.filter(
        (t) =>
          t.step === 'id-check' &&
          t.channel === 'mobile_app' &&
          Date.parse(t.occurredAt) >= release === after,
      );
      return checks.filter((t) => t.outcome === 'failure').length / checks.length;
    };
    expect(rate(false)).toBeLessThan(0.15);
    expect(rate(true)).toBeGreaterThan(0.4);
    expect(data.touchpoints.some((t) => t.step === 'id-check' && t.channel === 'phone')).toBe(true);
    expect(Object.keys(data.examples)).toHaveLength(4);
  });

  it('has enough data for its batches: thousands of touchpoints at the default size', () => {
    const full = generateDemo({ now: NOW, days: 90, customers: 4000, seed: 42 });
    expect(full.touchpoints.length).toBeGreaterThan(30 * BATCH);
    expect(
      new Set(full.touchpoints.map((t) => t.customerId ?? t.anonymousId)).size,
    ).toBeGreaterThan(5000);
  });
});
