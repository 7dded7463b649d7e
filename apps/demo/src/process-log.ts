import { Random } from './prng';

// A generated journey log for the process map's browser tests and its benchmark: 36 steps (35
// plus the goal), 188 distinct transitions (Start and End included), repeats, moves back, and
// steps that share an instant. Deterministic (a seeded PRNG): every run posts the same touchpoints.

export const JOURNEY = 'process';
export const STEPS = [
  ...Array.from({ length: 35 }, (_, i) => `s${String(i).padStart(2, '0')}`),
  'done',
];
const GOAL = STEPS.length - 1;
export const DISTINCT_TRANSITIONS = 188;

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
  const random = new Random(seed);
  const rnd = () => random.next();
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
