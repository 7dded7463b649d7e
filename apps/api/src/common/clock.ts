/** The API's provider of the Clock: handlers, pipes and guards read "now" from it. */
export const CLOCK = Symbol('CLOCK');

export { type Clock, systemClock } from '@journey/event-store';
