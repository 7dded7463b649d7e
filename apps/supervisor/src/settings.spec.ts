import { DEFAULT_RESTART_SETTINGS } from './restart-policy';
import { supervisorSettings } from './settings';

describe('supervisor settings', () => {
  it('defaults to 0.5-30 s backoff, 5 restarts in 60 s, and a 12 s stop deadline', () => {
    const s = supervisorSettings({});
    expect(s.restart).toEqual(DEFAULT_RESTART_SETTINGS);
    expect(s.stopDeadlineMs).toBe(12_000);
    expect(s.apiUrl).toBe('http://127.0.0.1:3000');
  });

  it('reads each threshold and the shutdown budget from the environment', () => {
    const s = supervisorSettings({
      SUPERVISOR_CRASH_LOOP_RESTARTS: '2',
      SUPERVISOR_CRASH_LOOP_WINDOW_MS: '5000',
      SUPERVISOR_RESTART_DELAY_MS: '100',
      SHUTDOWN_TIMEOUT_MS: '3000',
      PORT: '4000',
      HOST: '::1',
    });
    expect(s.restart).toMatchObject({
      crashLoopRestarts: 2,
      crashLoopWindowMs: 5000,
      initialDelayMs: 100,
    });
    expect(s.stopDeadlineMs).toBe(5_000);
    expect(s.apiUrl).toBe('http://[::1]:4000');
  });

  it('names a bad setting', () => {
    expect(() => supervisorSettings({ SUPERVISOR_CRASH_LOOP_RESTARTS: 'five' })).toThrow(
      'SUPERVISOR_CRASH_LOOP_RESTARTS="five": must be an integer >= 0',
    );
  });
});
