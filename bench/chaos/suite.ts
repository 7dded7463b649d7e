import { rmSync } from 'node:fs';
import { Check, checkInvariants } from './checks';
import { Load } from './load';
import { checkRebuild } from './rebuild-check';
import { STEPS } from './steps';
import { startSupervisedApp } from './supervised-app';

export interface StepResult {
  readonly step: string;
  readonly ms: number;
  readonly checks: Check[];
}

export interface ChaosResult {
  readonly quick: boolean;
  /** Whether the read models were compared with a rebuild after each step or after the last. */
  readonly rebuiltAfter: 'each step' | 'the last step';
  readonly steps: StepResult[];
  readonly accepted: number;
  readonly byStatus: Record<string, number>;
  readonly ok: boolean;
}

/**
 * The chaos suite: the app under its supervisor on a fresh embedded database, a load of several
 * senders, and step by step a failure; after each step the invariants (checks.ts) and, once the
 * projector has caught up, the read models against a rebuild (rebuild-check.ts). Only
 * 127.0.0.1. `quick` keeps it within about a minute, for CI.
 */
export async function runChaos(
  options: { quick: boolean; log?: (msg: string) => void } = { quick: false },
): Promise<ChaosResult> {
  const log = options.log ?? (() => undefined);
  const { quick } = options;
  const app = await startSupervisedApp({
    // Each kill is one crash; a run kills each child once or twice, well below the loop limit.
    SUPERVISOR_RESTART_DELAY_MS: '200',
    SHUTDOWN_TIMEOUT_MS: '5000',
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
  });
  log(`app up at ${app.baseUrl} (data in ${app.dataDir})`);
  const load = new Load({
    baseUrl: app.baseUrl,
    apiKey: app.apiKey,
    senders: quick ? 2 : 6,
    batchSize: quick ? 50 : 100,
    customersPerChunk: 10,
  });
  const steps: StepResult[] = [];
  // A rebuild (and two snapshots) costs seconds per step, too much for quick mode's minute. Drift
  // stays in the live read models until a rebuild replaces them (or later events recompute it),
  // so one comparison after the last step still catches it; after each step it also says which
  // step caused it.
  const rebuiltAfter = quick ? 'the last step' : 'each step';
  try {
    for (const [i, step] of STEPS.entries()) {
      const t0 = Date.now();
      const seen5xx = load.tally().undocumented5xx.length;
      load.start();
      const own = await step.run({
        app,
        quick,
        loadFor: (ms) => new Promise((r) => setTimeout(r, ms)),
      });
      await load.pause();
      const invariants = await checkInvariants(
        app,
        load,
        { catchUpMs: quick ? 20_000 : 60_000, maxRssMiB: 1024, healthMs: 100 },
        seen5xx,
      );
      const rebuild =
        !quick || i === STEPS.length - 1 ? [await checkRebuild(app, quick ? 60_000 : 300_000)] : [];
      const result = {
        step: step.name,
        ms: Date.now() - t0,
        checks: [...own, ...invariants, ...rebuild],
      };
      steps.push(result);
      const failed = result.checks.filter((c) => !c.ok);
      log(
        `${step.name}: ${failed.length ? `FAILED ${failed.map((c) => `${c.name} (${c.detail})`).join(', ')}` : 'ok'}`,
      );
    }
  } finally {
    await load.pause();
    await app.stop('SIGTERM');
    rmSync(app.dataDir, { recursive: true, force: true });
  }
  const tally = load.tally();
  return {
    quick,
    rebuiltAfter,
    steps,
    accepted: load.accepted.size,
    byStatus: tally.byStatus,
    ok: steps.every((s) => s.checks.every((c) => c.ok)),
  };
}
