// A generated journey log for the process map's browser tests: 36 steps (35 plus the goal), 188
// distinct transitions (Start and End included), repeats, moves back, and steps that share an
// instant. Deterministic (a seeded PRNG), so every run posts the same touchpoints.

export const JOURNEY = 'process';
export const STEPS = [
  ...Array.from({ length: 35 }, (_, i) => `s${String(i).padStart(2, '0')}`),
  'done',
];
const GOAL = STEPS.length - 1;
export const DISTINCT_TRANSITIONS = 188;

/** mulberry32: small, fast, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Move = { to: number; weight: number; kind: string };

/** The designed moves between steps: forward by 1-3, repeats, back by 1, some back by 3. */
function design(): Map<number, Move[]> {
  const out = new Map<number, Move[]>();
  let count = 3 + 1; // Start -> s00..s02, done -> End
  const add = (from: number, to: number, weight: number, kind: string) => {
    if (to < 0 || to > GOAL || from === GOAL) return;
    (out.get(from) ?? out.set(from, []).get(from)!).push({ to, weight, kind });
    count++;
  };
  for (let i = 0; i < GOAL; i++) {
    add(i, i + 1, 10, 'next');
    add(i, i + 2, 3, 'skip');
    add(i, i + 3, 1.5, 'skip');
    add(i, i, 1, 'repeat');
    if (i > 0) add(i, i - 1, 1.2, 'back');
  }
  for (let i = 3; count < DISTINCT_TRANSITIONS; i += 2) add(i, i - 3, 0.5, 'back');
  return out;
}

/** Whether a move happens at the same instant as the step before (always, sometimes, never). */
function simultaneous(from: number, m: Move, rnd: () => number): boolean {
  if (m.kind === 'next' && from % 4 === 0) return true; // e.g. s00 -> s01: always
  if (m.kind === 'back' && m.to === from - 1 && from % 7 === 0) return true; // s07 -> s06: always
  if (m.kind === 'repeat' && from % 5 === 0) return rnd() < 0.5;
  return false;
}

/** Touchpoints of `customers` journeys, in time order, each journey walking from Start to done. */
export function processLog(customers: number, seed = 7): Record<string, unknown>[] {
  const rnd = prng(seed);
  const moves = design();
  const covered = new Set<string>();
  const out: Record<string, unknown>[] = [];
  const start = Date.parse('2026-05-01T08:00:00Z');
  for (let c = 0; c < customers; c++) {
    const customerId = `pm-${String(c).padStart(4, '0')}`;
    let t = start + c * 3_600_000 * 5;
    let at = Math.floor(rnd() * 3);
    let n = 0;
    const post = () =>
      out.push({
        id: `${customerId}-${String(n++).padStart(3, '0')}`,
        customerId,
        journey: JOURNEY,
        step: STEPS[at],
        channel: n % 3 === 0 ? 'mobile_app' : 'web',
        occurredAt: new Date(t).toISOString(),
      });
    post();
    while (at !== GOAL) {
      const options = moves.get(at)!;
      // Each designed move is walked at least once; long walks finish forward.
      const fresh = options.find((m) => !covered.has(`${at}>${m.to}`));
      const m = n > 80 ? options[0] : (fresh ?? pick(options, rnd));
      covered.add(`${at}>${m.to}`);
      if (!simultaneous(at, m, rnd)) t += 60_000 * (1 + Math.floor(rnd() * 90));
      at = m.to;
      post();
    }
  }
  return out;
}

function pick(options: Move[], rnd: () => number): Move {
  const total = options.reduce((s, m) => s + m.weight, 0);
  let r = rnd() * total;
  for (const m of options) if ((r -= m.weight) < 0) return m;
  return options[options.length - 1];
}

export const DEFINITION = {
  stages: [
    { name: 'apply', steps: STEPS.slice(0, 12) },
    { name: 'verify', steps: STEPS.slice(12, 24) },
    { name: 'finish', steps: STEPS.slice(24) },
  ],
  goalSteps: ['done'],
};

/** Each customer's sequence of steps (one completed instance each). */
function sequences(log: Record<string, unknown>[]): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const tp of log) {
    const c = tp.customerId as string;
    (out.get(c) ?? out.set(c, []).get(c)!).push(tp);
  }
  return out;
}

/** What the backend branch's variants endpoint answers for this log: most frequent first. */
export function variantsOf(log: Record<string, unknown>[]) {
  const counts = new Map<string, number>();
  for (const tps of sequences(log).values()) {
    const key = tps.map((tp) => tp.step).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = sequences(log).size;
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key, count], i) => ({
      variant: `v${i + 1}`,
      steps: key.split('\u0001'),
      count,
      share: count / total,
      completed: count,
      failed: 0,
      abandoned: 0,
      completionRate: 1,
      medianDurationMs: null,
      p90DurationMs: null,
    }));
}

/** Moves per edge ("from>to") whose two touchpoints share their occurredAt. */
export function simultaneousOf(log: Record<string, unknown>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const tps of sequences(log).values())
    for (let i = 1; i < tps.length; i++)
      if (tps[i].occurredAt === tps[i - 1].occurredAt) {
        const k = `${tps[i - 1].step}>${tps[i].step}`;
        out.set(k, (out.get(k) ?? 0) + 1);
      }
  return out;
}
