export const CLOCK = Symbol('CLOCK');

/** Time is injected so handlers and tests agree on "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
