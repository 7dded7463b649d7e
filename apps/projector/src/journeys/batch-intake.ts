import { PoolClient } from 'pg';
import { JourneyRules, TouchpointFact } from '@journey/domain';
import { advanceWatermark } from '@journey/read-models';
import { Affected, pairKey } from './journey-facts';
import { BatchEvents } from './batch-events';
import { PairStates } from './pair-states';
import { insertFacts, linkIdentities, saveFeedback } from './journey-writes';
import { AppliedDefinitions, saveDefinitions } from './definitions';
import { eraseStoredFeedback } from './erasure';
import { BATCH_SWEEP_LIMIT, overdueInstances } from './watermark';
import { Handoffs } from './handoffs';
import { freshFacts, takeOver } from './partition-intake';
import {
  anonymousPartition,
  customerPartition,
  factPartition,
  PartitionScope,
} from './partition-scope';
import { pairsOfFeedback } from '../frictions/friction-writes';

/** What the journeys projection holds that a batch's intake reads and updates. */
export interface IntakeContext {
  /** The projection's name, under which its watermark is kept. */
  readonly name: string;
  readonly scope: PartitionScope;
  readonly states: PairStates;
  readonly definitions: AppliedDefinitions;
  readonly detectFrictions: boolean;
}

/** A batch taken in: its new facts per pair (empty: swept), and what applying them needs. */
export interface BatchIntake {
  readonly fresh: Map<string, TouchpointFact[]>;
  readonly watermark: number;
  readonly rulesBefore: Map<string, JourneyRules>;
  /** How many pairs the watermark's sweep took. */
  readonly swept: number;
}

/**
 * Stores a batch's definitions, links, facts and feedback, and sorts the pairs they touch: the
 * ones to recompute join `affected`, other partitions' ones go to `handoffs`, and the rest come
 * back with their new facts, to be extended.
 */
export async function takeInBatch(
  tx: PoolClient,
  { touchpoints, links, feedback, definitions, erased }: BatchEvents,
  { name, scope, states, definitions: applied, detectFrictions }: IntakeContext,
  affected: Set<string>,
  handoffs: Handoffs,
): Promise<BatchIntake> {
  const add = (a: Affected) => affected.add(pairKey(a.customerId, a.journey));
  const route = (a: Affected, owner: number) =>
    owner === scope.index ? add(a) : handoffs.add(owner, a);
  // Stored here, applied by every partition (this one now) to its own pairs.
  await saveDefinitions(tx, definitions);
  const rulesBefore = await takeOver(tx, scope, affected, states, applied);
  // Links first: touchpoints of this batch then resolve to their customer directly.
  for (const l of await linkIdentities(tx, links)) {
    const anonymous = l.owner === 'anonymous';
    route(l, (anonymous ? anonymousPartition : customerPartition)(scope, l.customerId));
  }
  const stored = await insertFacts(tx, touchpoints);
  // Before this batch's feedback is stored: what follows an erasure in the batch is kept.
  await eraseStoredFeedback(tx, erased);
  await saveFeedback(tx, feedback);
  // Feedback may move to other instances with any step: such customers are recomputed.
  for (const id of [...erased, ...feedback.map((f) => f.data.customerId)]) states.dropCustomer(id);
  // Feedback changes what its instance's negative_feedback finds.
  if (detectFrictions) {
    (
      await pairsOfFeedback(
        tx,
        feedback.map((f) => f.data),
      )
    ).forEach(add);
  }
  let maxOccurred = -Infinity;
  for (const t of touchpoints)
    maxOccurred = Math.max(maxOccurred, Date.parse(t.event.data.occurredAt));
  const watermark = await advanceWatermark(tx, name, scope.index, maxOccurred);
  // Every batch takes a bounded share of the instances its watermark has made overdue: a swept
  // pair extended by no fact has its overdue instances abandoned in place.
  const swept = await overdueInstances(tx, watermark, BATCH_SWEEP_LIMIT, applied);
  const owners = stored.facts.map((f, k) => factPartition(scope, stored.streams[k], f.customerId));
  const fresh = freshFacts(stored.facts, owners, swept, affected, scope, (p, f) =>
    handoffs.add(p, f),
  );
  return { fresh, watermark, rulesBefore, swept: swept.length };
}
