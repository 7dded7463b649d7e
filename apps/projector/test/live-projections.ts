import { TestDatabase } from '../../../test/test-database';
import {
  dropRuns,
  LivePlan,
  LiveRun,
  projectLive,
  readModelTemplate,
  Stored,
} from './journeys-live-harness';

export type { LiveRun, Stored };

/**
 * Live projections for one describe block: the template database is made before its tests and
 * dropped after them; `project` projects `order` live on a copy of it (journeys-live-harness),
 * and the copies are dropped by `dropAll`, or after the block.
 */
export function liveProjections(): {
  project(order: readonly Stored[], plan: LivePlan): Promise<LiveRun>;
  dropAll(): Promise<void>;
} {
  let template: TestDatabase | undefined;
  const runs: LiveRun[] = [];
  const dropAll = () => dropRuns(runs.splice(0));
  beforeAll(async () => (template = await readModelTemplate()));
  afterAll(async () => {
    await dropAll();
    await template?.drop();
  });
  return {
    async project(order, plan) {
      if (!template) throw new Error('liveProjections: project runs inside a test');
      const run = await projectLive(template, order, plan);
      runs.push(run);
      return run;
    },
    dropAll,
  };
}
