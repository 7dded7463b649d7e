import { SourceMappingRule } from '@journey/events';

/** A problem with one field of a mapping, named as the request names it (`rules.2.stepFrom`). */
export interface MappingProblem {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** `properties` then one or more keys: where a rule may read a journey or a step. */
export const PROPERTY_PATH = /^properties(\.[^.\s]{1,128}){1,4}$/;

/**
 * What the field-by-field validation cannot see: each rule matches something, takes its journey
 * and its step from exactly one place, reads only properties, and can be reached (an earlier rule
 * that always applies to the same events would take them all).
 */
export function mappingProblems(rules: readonly SourceMappingRule[]): MappingProblem[] {
  const out: MappingProblem[] = [];
  rules.forEach((r, i) => {
    const at = `rules.${i}`;
    if (r.match.kind === null && r.match.name === null)
      out.push({
        field: `${at}.match`,
        rule: 'required',
        message: 'match needs a kind, a name or both',
      });
    for (const [fixed, from] of [
      ['journey', 'journeyFrom'],
      ['step', 'stepFrom'],
    ] as const) {
      if ((r[fixed] === null) === (r[from] === null))
        out.push({
          field: `${at}.${fixed}`,
          rule: 'exactlyOne',
          message: `exactly one of ${fixed} and ${from} is required`,
        });
      const path = r[from];
      if (path !== null && !PROPERTY_PATH.test(path))
        out.push({
          field: `${at}.${from}`,
          rule: 'pattern',
          message: `${from} must name a property, e.g. properties.${fixed}`,
        });
    }
    const shadow = rules.slice(0, i).findIndex((earlier) => covers(earlier, r));
    if (shadow >= 0)
      out.push({
        field: `${at}.match`,
        rule: 'unreachable',
        message: `rule ${shadow} already takes every event this rule matches`,
      });
  });
  return out;
}

/** Whether `earlier` takes every event `later` matches (it always applies: nothing read). */
function covers(earlier: SourceMappingRule, later: SourceMappingRule): boolean {
  if (earlier.journeyFrom !== null || earlier.stepFrom !== null) return false;
  const { kind, name } = earlier.match;
  if (kind === null && name === null) return false; // itself invalid, reported above
  return (
    (kind === null || kind === later.match.kind) && (name === null || name === later.match.name)
  );
}
