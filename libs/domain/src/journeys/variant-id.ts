import { createHash } from 'node:crypto';
import { JourneyInstance } from './types';

/**
 * A variant is the distinct step sequence of a closed instance; its id is the first 32 hex
 * characters of the SHA-256 of the sequence as a JSON array. JSON, not the steps joined by a
 * separator: a step may hold any character but NUL, so a join could make two sequences one.
 * node:crypto is deterministic (no clock, no I/O), which is what keeps the domain pure, and its
 * native hash is several times faster than a pure implementation on the live path.
 */
export function variantIdOf(steps: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(steps)).digest('hex').slice(0, 32);
}

/** The step names of an instance, in order. */
export function stepSequenceOf(instance: JourneyInstance): string[] {
  return instance.steps.map((s) => s.step);
}
