import {
  AttributePolicy,
  hasPersonalData,
  NO_PERSONAL_ATTRIBUTES,
  JourneyEvent,
  keyIdsIn,
  protectPersonalData,
  revealValue,
} from '@journey/events';
import { CustomerKeys } from './customer-keys';
import { PersonalAttributes } from './personal-attributes';

/** An event about to be appended, and the data subject it belongs to (its stream's name). */
export interface SubjectEvent<E extends JourneyEvent = JourneyEvent> {
  readonly subject: string;
  readonly event: E;
}

export const REDACTED = '[redacted]';

/**
 * Encrypts personal fields before they are appended and decrypts them for whoever shows them
 * (see libs/events personal-data.ts for the format). Values whose key was destroyed read
 * "[erased]".
 */
export class PersonalData {
  constructor(
    readonly keys: CustomerKeys,
    readonly attributes: PersonalAttributes,
  ) {}

  /** The events with their personal fields encrypted with their subject's key. */
  async protect<E extends JourneyEvent>(items: readonly SubjectEvent<E>[]): Promise<E[]> {
    const journeys = items.flatMap((i) =>
      i.event.type === 'TouchpointRecorded' ? [i.event.data.journey] : [],
    );
    const personal = journeys.length > 0 ? await this.attributes.of(journeys) : new Map();
    const attributesOf = (e: JourneyEvent): AttributePolicy =>
      (e.type === 'TouchpointRecorded' && personal.get(e.data.journey)) || NO_PERSONAL_ATTRIBUTES;
    const needy = items.filter((i) => hasPersonalData(i.event, attributesOf(i.event)));
    if (needy.length === 0) return items.map((i) => i.event);
    const keys = await this.keys.forSubjects(needy.map((i) => i.subject));
    return items.map((i) => {
      const key = keys.get(i.subject);
      return key ? protectPersonalData(i.event, attributesOf(i.event), key) : i.event;
    });
  }

  /**
   * Personal values as a key may see them: decrypted for keys with the `audit` scope (whose reads
   * are access-logged), "[redacted]" for every other (null stays null), without decrypting.
   */
  async forViewer(values: readonly (string | null)[], reveal: boolean): Promise<(string | null)[]> {
    return reveal ? this.reveal(values) : values.map((v) => (v === null ? null : REDACTED));
  }

  /**
   * The values with every encrypted field decrypted, or "[erased]" where its key is gone. With
   * `subjects`, values[i] is revealed only if it was written for subjects[i] (its stream).
   */
  async reveal<T>(values: readonly T[], subjects?: readonly string[]): Promise<T[]> {
    const ids = new Set<string>();
    values.forEach((v) => keyIdsIn(v, ids));
    if (ids.size === 0) return [...values];
    const keys = await this.keys.byIds(ids);
    return values.map((v, i) => revealValue(v, keys, subjects?.[i]));
  }
}
