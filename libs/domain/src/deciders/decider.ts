/**
 * The shape of a command's decision, pure: the state is folded from the stream's past events with
 * `evolve`, and `decide` answers a command with the events to record (none: nothing to do) or
 * throws a DomainError. Reading, appending, the hash chain and retries on a conflict are
 * handleCommand's (apps/api/src/common/handle-command.ts), the same for every command.
 */
export interface Decider<Command, State, Event> {
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): readonly Event[];
}

/**
 * The codes deciders refuse with: each one is also a code of the API's error contract (a compile
 * error there, in handle-command.ts, if one is not), so a refusal can never become a silent 500.
 */
export type DomainErrorCode = 'ANONYMOUS_ID_ALREADY_LINKED';

/** A refusal by a decider; `code` is stable (the API maps it to HTTP like its own errors). */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The state after the events, from the decider's initial state. */
export function foldEvents<State, Event>(
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState;
  for (const e of events) state = decider.evolve(state, e);
  return state;
}
