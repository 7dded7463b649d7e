import { DEFAULT_RESTART_SETTINGS, RestartSettings } from './restart-policy';

export interface SupervisorSettings {
  readonly restart: RestartSettings;
  /** How long a child has to stop after SIGTERM before SIGKILL. */
  readonly stopDeadlineMs: number;
  /** Where the API answers /ready (the supervisor waits for it before starting the projector). */
  readonly apiUrl: string;
}

/** The children's own shutdown budget (SHUTDOWN_TIMEOUT_MS) plus this before they are killed. */
const STOP_MARGIN_MS = 2_000;

/** Reads the supervisor's settings; throws naming the variable when one is not a whole number. */
export function supervisorSettings(env: NodeJS.ProcessEnv): SupervisorSettings {
  const int = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min) {
      throw new Error(`${name}=${JSON.stringify(raw)}: must be an integer >= ${min}`);
    }
    return Number(raw);
  };
  const d = DEFAULT_RESTART_SETTINGS;
  const host = env.HOST && env.HOST !== '0.0.0.0' && env.HOST !== '::' ? env.HOST : '127.0.0.1';
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    restart: {
      initialDelayMs: int('SUPERVISOR_RESTART_DELAY_MS', d.initialDelayMs, 1),
      maxDelayMs: int('SUPERVISOR_RESTART_MAX_DELAY_MS', d.maxDelayMs, 1),
      healthyAfterMs: int('SUPERVISOR_HEALTHY_AFTER_MS', d.healthyAfterMs, 1),
      crashLoopRestarts: int('SUPERVISOR_CRASH_LOOP_RESTARTS', d.crashLoopRestarts, 0),
      crashLoopWindowMs: int('SUPERVISOR_CRASH_LOOP_WINDOW_MS', d.crashLoopWindowMs, 1),
    },
    stopDeadlineMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 0) + STOP_MARGIN_MS,
    apiUrl: `http://${shown}:${int('PORT', 3000, 1)}`,
  };
}
