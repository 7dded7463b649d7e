import { appendedContributions } from './appended-contributions';
import { ContributionsDiff, diffContributions } from './contributions-diff';
import { Extension } from './extend-instances';
import { addNewFirsts, contributionsOf, instanceContributions } from './map-contributions';
import { JourneyRules } from './types';

/**
 * What an in-order extension changes on the journey map: each changed instance's own
 * contributions, new minus old, plus the customer-wide firsts its new steps add. `firsts`
 * (pairFirstsOf the instances before) is brought up to date.
 */
export function extensionContributions(
  ext: Extension,
  rules: JourneyRules,
  firsts: Set<string>,
): ContributionsDiff[] {
  const diffs = ext.changed.map(
    ({ before, after }) =>
      (before && appendedContributions(before, after, rules)) ??
      diffContributions(
        before ? instanceContributions(before, rules) : contributionsOf([], rules),
        instanceContributions(after, rules),
      ),
  );
  // New steps of several instances: a customer's first of something is its earliest, so in time.
  const fresh = ext.changed
    .flatMap(({ before, after }) => after.steps.slice(before?.steps.length ?? 0))
    .sort((a, b) => a.occurredAt - b.occurredAt);
  if (diffs.length > 0) for (const s of fresh) addNewFirsts(firsts, s, diffs[0].counters);
  return diffs;
}
