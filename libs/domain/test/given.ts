import { Decider, DomainError, foldEvents } from '../src/deciders/decider';

/**
 * Given/when/then over events, the one way decider specs read:
 *   given(decider, ...past).when(command).then(...expected)  or  .thenFails(code)
 */
export function given<C, S, E>(decider: Decider<C, S, E>, ...past: E[]) {
  return {
    when(command: C) {
      const decide = () => decider.decide(command, foldEvents(decider, past));
      return {
        then(...expected: E[]): void {
          expect(decide()).toEqual(expected);
        },
        thenFails(code: string, details?: Record<string, unknown>): void {
          let thrown: unknown;
          try {
            decide();
          } catch (err) {
            thrown = err;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          expect(thrown).toMatchObject({ code, ...(details ? { details } : {}) });
        },
      };
    },
  };
}
