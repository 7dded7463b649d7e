import {
  AttributePolicy,
  attributePolicyOf,
  deserialize,
  journeyDefinitionStream,
  NO_PERSONAL_ATTRIBUTES,
} from '@journey/events';
import { EventStore } from '@journey/event-store';
import { Clock, systemClock } from '../common/clock';

const TTL_MS = 1000;

/**
 * Which touchpoint attributes each journey's current definition makes personal. Read from the
 * definition streams, kept for a second: a definition changed through this process applies at
 * once (the change forgets the entry), one changed through another process within a second.
 */
export class PersonalAttributes {
  private readonly cache = new Map<string, { attributes: AttributePolicy; until: number }>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async of(
    journeys: Iterable<string>,
    now = this.clock.now().getTime(),
  ): Promise<Map<string, AttributePolicy>> {
    const out = new Map<string, AttributePolicy>();
    await Promise.all(
      [...new Set(journeys)].map(async (journey) => {
        const cached = this.cache.get(journey);
        if (cached && cached.until > now) return void out.set(journey, cached.attributes);
        const [last] = await this.store.readStream(journeyDefinitionStream(journey), {
          backwards: true,
          maxCount: 1,
        });
        const event = last ? deserialize(last)?.event : undefined;
        const attributes =
          event?.type === 'JourneyDefined' ? attributePolicyOf(event.data) : NO_PERSONAL_ATTRIBUTES;
        this.cache.set(journey, { attributes, until: now + TTL_MS });
        out.set(journey, attributes);
      }),
    );
    return out;
  }

  forget(journey: string): void {
    this.cache.delete(journey);
  }
}
