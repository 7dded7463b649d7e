import { randomUUID } from 'node:crypto';
import { deserialize, JourneyEvent, MetadataInput, serialize } from '@journey/events';
import {
  AppendResult,
  EventStore,
  RecordedEvent,
  WrongExpectedVersionError,
} from '@journey/event-store';
import { Decider, DomainError, foldEvents } from '@journey/domain';
import { appendOnHead, headOf } from './append-on-head';
import { AppError } from './app-error';

/** Conflicting writers are retried this many times in all, then the conflict is the answer. */
export const MAX_ATTEMPTS = 5;

export interface HandleCommandOptions {
  /** Metadata of the recorded events (metadataOf(context) for a request). */
  readonly metadata: MetadataInput;
  /**
   * The id of the event that takes `revision` in the stream. A deterministic id makes a repeated
   * append a duplicate (the store keeps one); by default, a random one.
   */
  readonly eventId?: (revision: bigint) => string;
  readonly maxAttempts?: number;
}

export interface CommandOutcome<State> {
  /** The state the decision was taken on. */
  readonly state: State;
  /** What was recorded; empty when the decider found nothing to do. */
  readonly events: readonly JourneyEvent[];
  /** The stream's last event before the append (undefined: no stream). */
  readonly head: RecordedEvent | undefined;
  readonly appended: AppendResult | null;
}

/**
 * Every command on one stream goes through here: read the stream, fold its state, decide, chain
 * the new events' hashes on the head (hash-chain.ts), append expecting the revision read. When
 * another writer got there first, all of it runs again on the new state, up to maxAttempts, then
 * the conflict (CONCURRENCY_CONFLICT) is the answer. A decider's refusal becomes an AppError.
 */
export async function handleCommand<Command, State>(
  store: EventStore,
  stream: string,
  decider: Decider<Command, State, JourneyEvent>,
  command: Command,
  options: HandleCommandOptions,
): Promise<CommandOutcome<State>> {
  const { metadata, eventId = () => randomUUID(), maxAttempts = MAX_ATTEMPTS } = options;
  for (let attempt = 1; ; attempt++) {
    const history = await store.readStream(stream);
    const head = history.at(-1);
    // Events of types this product does not know (another writer's) change no state.
    const past = history.flatMap((e) => deserialize(e)?.event ?? []);
    const state = foldEvents(decider, past);
    const events = decideOrRefuse(decider, command, state);
    if (events.length === 0) return { state, events, head, appended: null };
    const next = head ? head.revision + 1n : 0n;
    const serialized = events.map((e, i) => serialize(eventId(next + BigInt(i)), e, metadata));
    try {
      const plan = appendOnHead(headOf(head), serialized);
      const appended = await store.appendToStream(stream, plan.events, {
        expectedRevision: plan.expected,
      });
      return { state, events, head, appended };
    } catch (err) {
      if (err instanceof WrongExpectedVersionError && attempt < maxAttempts) continue;
      throw err;
    }
  }
}

function decideOrRefuse<Command, State>(
  decider: Decider<Command, State, JourneyEvent>,
  command: Command,
  state: State,
): readonly JourneyEvent[] {
  try {
    return decider.decide(command, state);
  } catch (err) {
    if (err instanceof DomainError) throw new AppError(err.code, err.message, err.details);
    throw err;
  }
}
