import { existsSync } from 'node:fs';
import {
  RECEIPT_CHANNELS,
  RECEIPT_FILE,
  ReceiptEvent,
  readReceiptLog,
} from '../../../../test/data/receipt';
import { caseFacts } from '../../test/log-cases';
import { rulesFromDefinition } from '../journeys/journey-rules';
import { segmentInstances } from '../journeys/segmentation';
import { detectFrictions } from './detect-frictions';
import { frictionThresholds } from './thresholds';
import { FrictionType } from './types';

/**
 * A real event log (receipts of environmental permit applications at a Dutch municipality; see
 * shared/data/README.md): every case is one customer and one journey instance, every event a
 * touchpoint on the case's channel (mapping in test/data/receipt.ts). The channel_hop,
 * repeat_attempt and repeat_contact occurrences are checked against plain loops over the file.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Written out here, on the file's own channel names, apart from channelKind and the mapping.
const SELF_SERVICE = new Set(['Internet', 'e-mail']);
const PERSONAL = new Set(['Desk', 'Post']);

type Pair = string; // `${caseId} ${taskId}`

/** The plain computation: each rule as a loop over a case's events in time order. */
function expectedPairs(cases: Map<string, ReceiptEvent[]>) {
  const hops: Pair[] = [];
  const repeats: Pair[] = [];
  const contacts: Pair[] = [];
  for (const [caseId, events] of cases) {
    const ordered = [...events].sort((a, b) => a.time - b.time || a.index - b.index);
    ordered.forEach((e, k) => {
      const before = ordered.slice(0, k);
      const sameWithinHour = before.filter(
        (x) => x.activity === e.activity && e.time - x.time <= HOUR,
      );
      if (sameWithinHour.length + 1 >= 3) repeats.push(`${caseId} ${e.taskId}`);
      if (!PERSONAL.has(e.channel)) return;
      const served = before.filter((x) => SELF_SERVICE.has(x.channel) || PERSONAL.has(x.channel));
      const last = served[served.length - 1];
      // No definition, so no goal step can stand between.
      if (last && SELF_SERVICE.has(last.channel) && e.time - last.time <= DAY) {
        hops.push(`${caseId} ${e.taskId}`);
      }
      const personalWithinWeek = before.filter(
        (x) => PERSONAL.has(x.channel) && e.time - x.time <= 7 * DAY,
      );
      if (personalWithinWeek.length + 1 >= 2) contacts.push(`${caseId} ${e.taskId}`);
    });
  }
  return { hops, repeats, contacts };
}

const perStep = (pairs: Pair[], activityOf: Map<string, string>) => {
  const counts: Record<string, number> = {};
  for (const pair of pairs) {
    const activity = activityOf.get(pair.split(' ')[1]) as string;
    counts[activity] = (counts[activity] ?? 0) + 1;
  }
  return counts;
};

describe('friction in the receipt event log', () => {
  it('finds the data file', () => {
    expect(existsSync(RECEIPT_FILE)).toBe(true);
  });

  let cases: Map<string, ReceiptEvent[]>;
  beforeAll(() => {
    cases = readReceiptLog();
  });

  it('given the log, when read, then it has the documented 1,434 cases and 8,577 events, one channel per case', () => {
    const events = [...cases.values()].flat();
    expect(cases.size).toBe(1434);
    expect(events).toHaveLength(8577);
    expect(new Set(events.map((e) => e.taskId)).size).toBe(8577);
    expect(new Set(events.map((e) => e.lifecycle))).toEqual(new Set(['complete']));
    for (const list of cases.values()) expect(new Set(list.map((e) => e.channel)).size).toBe(1);
    const casesPer: Record<string, number> = {};
    for (const list of cases.values())
      casesPer[list[0].channel] = (casesPer[list[0].channel] ?? 0) + 1;
    expect(Object.keys(casesPer).sort()).toEqual(Object.keys(RECEIPT_CHANNELS).sort());
  });

  it('given every case as one instance, when frictions are detected, then hops, repeats and contacts are exactly the plain loops’ ones', () => {
    const expected = expectedPairs(cases);
    const rules = rulesFromDefinition(null, 'receipt');
    const context = { rules, thresholds: frictionThresholds() };
    const watermark = Math.max(...[...cases.values()].flat().map((e) => e.time));
    const found: Record<FrictionType, Pair[]> = {
      repeat_attempt: [],
      failure: [],
      channel_hop: [],
      repeat_contact: [],
      slow_step: [],
      backtrack: [],
      abandonment: [],
      negative_feedback: [],
    };
    for (const [caseId, events] of cases) {
      const facts = caseFacts('receipt', caseId, events, (e) => ({
        touchpointId: e.taskId,
        channel: RECEIPT_CHANNELS[e.channel],
      }));
      const instances = segmentInstances(facts, rules, watermark);
      expect(instances).toHaveLength(1);
      for (const o of detectFrictions(instances[0], context)) {
        found[o.type].push(`${caseId} ${o.touchpointId}`);
      }
    }

    const sorted = (pairs: Pair[]) => [...pairs].sort();
    expect(sorted(found.repeat_attempt)).toEqual(sorted(expected.repeats));
    expect(sorted(found.channel_hop)).toEqual(sorted(expected.hops));
    expect(sorted(found.repeat_contact)).toEqual(sorted(expected.contacts));
    const activityOf = new Map([...cases.values()].flat().map((e) => [e.taskId, e.activity]));
    expect(perStep(found.repeat_attempt, activityOf)).toEqual(
      perStep(expected.repeats, activityOf),
    );

    // The figures, for the record. Every event of a case carries the case's one channel, so a
    // customer never switches channel and no hop can occur: the log cannot exercise channel_hop
    // beyond this zero. Its repeats are real (the same task redone within an hour).
    expect(expected.hops).toHaveLength(0);
    expect(expected.repeats).toHaveLength(66);
    expect(perStep(expected.repeats, activityOf)).toEqual({
      'T02 Check confirmation of receipt': 7,
      'T03 Adjust confirmation of receipt': 5,
      'T06 Determine necessity of stop advice': 32,
      'T07-1 Draft intern advice aspect 1': 8,
      'T07-2 Draft intern advice aspect 2': 4,
      'T07-5 Draft intern advice aspect 5': 4,
      'T17 Check report Y to stop indication': 4,
      'T18 Adjust report Y to stop indicition': 2,
    });
    // Desk and Post cases: every later event of the case within a week counts as another contact
    // (an artefact of the case-level channel: back-office tasks carry the channel too).
    expect(expected.contacts).toHaveLength(763);
    expect(found.failure).toEqual([]);
  });
});
