/** When a crashed child is started again, and when crashes mean the app should stop instead. */
export interface RestartSettings {
  /** The first restart's delay; each further one doubles it, up to maxDelayMs. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** A child that ran this long before it crashed starts over at initialDelayMs. */
  readonly healthyAfterMs: number;
  /** More crashes than this within crashLoopWindowMs stop the whole app. */
  readonly crashLoopRestarts: number;
  readonly crashLoopWindowMs: number;
}

export const DEFAULT_RESTART_SETTINGS: RestartSettings = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  healthyAfterMs: 60_000,
  crashLoopRestarts: 5,
  crashLoopWindowMs: 60_000,
};

export interface RestartState {
  /** Restarts since the child last ran healthy (the backoff exponent). */
  readonly attempt: number;
  /** Times of the crashes that count toward a crash loop, oldest first. */
  readonly crashes: readonly number[];
}

export const INITIAL_RESTART_STATE: RestartState = { attempt: 0, crashes: [] };

export interface Crash {
  readonly at: number;
  readonly startedAt: number;
  /**
   * False when a dependency was down at the time (PostgreSQL restarting): the crash is its
   * consequence, backed off but not counted toward a crash loop.
   */
  readonly counts: boolean;
}

export type RestartDecision =
  | { readonly kind: 'restart'; readonly delayMs: number; readonly state: RestartState }
  | { readonly kind: 'give-up'; readonly crashes: number; readonly state: RestartState };

/** Pure: the decision for one crash, and the state to keep for the next. */
export function decideRestart(
  state: RestartState,
  crash: Crash,
  settings: RestartSettings = DEFAULT_RESTART_SETTINGS,
): RestartDecision {
  const healthy = crash.at - crash.startedAt >= settings.healthyAfterMs;
  const attempt = healthy ? 0 : state.attempt;
  const recent = state.crashes.filter((t) => crash.at - t < settings.crashLoopWindowMs);
  const crashes = crash.counts ? [...recent, crash.at] : recent;
  const next: RestartState = { attempt: attempt + 1, crashes };
  if (crashes.length > settings.crashLoopRestarts) {
    return { kind: 'give-up', crashes: crashes.length, state: next };
  }
  const delayMs = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** attempt);
  return { kind: 'restart', delayMs, state: next };
}
