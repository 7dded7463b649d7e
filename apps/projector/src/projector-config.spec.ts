import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { ConfigError, loadEnvironment } from '@journey/event-store';
import { ProjectorEnvironment } from './projector-config';

describe('the projector environment', () => {
  it('holds 20,000 pairs for the fast path unless told otherwise; 0 turns it off', () => {
    expect(loadEnvironment(ProjectorEnvironment, {}).PROJECTOR_HELD_PAIRS).toBe(20_000);
    expect(
      loadEnvironment(ProjectorEnvironment, { PROJECTOR_HELD_PAIRS: '50000' }).PROJECTOR_HELD_PAIRS,
    ).toBe(50_000);
    expect(
      loadEnvironment(ProjectorEnvironment, { PROJECTOR_HELD_PAIRS: '0' }).PROJECTOR_HELD_PAIRS,
    ).toBe(0);
  });

  it.each(['lots', '-1', '2.5', '20000000'])(
    'refuses PROJECTOR_HELD_PAIRS=%s, naming the variable and the rule',
    (value) => {
      const load = () => loadEnvironment(ProjectorEnvironment, { PROJECTOR_HELD_PAIRS: value });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(/PROJECTOR_HELD_PAIRS=".*": must be/);
    },
  );

  it('runs the journeys projection as one partition unless told otherwise', () => {
    expect(loadEnvironment(ProjectorEnvironment, {}).PROJECTOR_PARTITIONS).toBe(1);
    expect(
      loadEnvironment(ProjectorEnvironment, { PROJECTOR_PARTITIONS: '8' }).PROJECTOR_PARTITIONS,
    ).toBe(8);
  });

  it.each(['0', '1025', 'many', '1.5'])('refuses PROJECTOR_PARTITIONS=%s', (value) => {
    expect(() => loadEnvironment(ProjectorEnvironment, { PROJECTOR_PARTITIONS: value })).toThrow(
      /PROJECTOR_PARTITIONS=".*": must be/,
    );
  });

  it('applies as many batches at once as it has cores (at most 4) unless told otherwise', () => {
    const env = loadEnvironment(ProjectorEnvironment, {});
    expect(env.PROJECTOR_CONCURRENCY).toBe(Math.min(4, availableParallelism()));
    expect(
      loadEnvironment(ProjectorEnvironment, { PROJECTOR_CONCURRENCY: '1' }).PROJECTOR_CONCURRENCY,
    ).toBe(1);
    expect(() => loadEnvironment(ProjectorEnvironment, { PROJECTOR_CONCURRENCY: '0' })).toThrow(
      /PROJECTOR_CONCURRENCY="0": must be/,
    );
  });

  it('refuses an unknown LOG_LEVEL', () => {
    expect(() => loadEnvironment(ProjectorEnvironment, { LOG_LEVEL: 'loud' })).toThrow(
      /LOG_LEVEL="loud": must be one of error, warn, log, debug, verbose/,
    );
  });
});
