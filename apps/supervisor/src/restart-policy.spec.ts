import {
  Crash,
  decideRestart,
  DEFAULT_RESTART_SETTINGS,
  INITIAL_RESTART_STATE,
  RestartDecision,
  RestartState,
} from './restart-policy';

/** Feeds crashes in order; returns every decision. */
function run(crashes: Crash[], settings = DEFAULT_RESTART_SETTINGS): RestartDecision[] {
  let state: RestartState = INITIAL_RESTART_STATE;
  return crashes.map((c) => {
    const d = decideRestart(state, c, settings);
    state = d.state;
    return d;
  });
}

const quick = (at: number, counts = true): Crash => ({ at, startedAt: at - 100, counts });

describe('restart policy', () => {
  it('doubles the delay from 0.5 s on each quick crash, capped at 30 s', () => {
    const settings = { ...DEFAULT_RESTART_SETTINGS, crashLoopRestarts: 100 };
    const times = Array.from({ length: 9 }, (_, i) => i * 40_000);
    const delays = run(
      times.map((t) => quick(t)),
      settings,
    ).map((d) => (d.kind === 'restart' ? d.delayMs : -1));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('starts over at 0.5 s after a child ran healthy for 60 s', () => {
    const [, , third] = run([
      quick(1_000),
      quick(2_000),
      { at: 100_000, startedAt: 30_000, counts: true },
    ]);
    expect(third).toMatchObject({ kind: 'restart', delayMs: 500 });
  });

  it('gives up on the sixth crash within 60 s, not before', () => {
    const decisions = run([1, 2, 3, 4, 5, 6].map((s) => quick(s * 5_000)));
    expect(decisions.slice(0, 5).map((d) => d.kind)).toEqual(Array(5).fill('restart'));
    expect(decisions[5]).toMatchObject({ kind: 'give-up', crashes: 6 });
  });

  it('forgets crashes older than the window', () => {
    const decisions = run([0, 10, 20, 30, 40, 70].map((s) => quick(s * 1_000)));
    expect(decisions.every((d) => d.kind === 'restart')).toBe(true);
    expect(decisions[5].state.crashes).toEqual([20_000, 30_000, 40_000, 70_000]);
  });

  it('backs off but does not count crashes while a dependency was down', () => {
    const decisions = run([1, 2, 3, 4, 5, 6, 7, 8].map((s) => quick(s * 1_000, s > 6)));
    expect(decisions.every((d) => d.kind === 'restart')).toBe(true);
    expect(decisions[7].state.crashes).toHaveLength(2);
    expect(decisions[7]).toMatchObject({ delayMs: 30_000 });
  });

  it('takes its thresholds from the settings', () => {
    const settings = { ...DEFAULT_RESTART_SETTINGS, crashLoopRestarts: 1, initialDelayMs: 10 };
    expect(run([quick(1), quick(2)], settings).map((d) => d.kind)).toEqual(['restart', 'give-up']);
  });
});
