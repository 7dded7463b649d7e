// npm test's jest part: every test on two workers, then the tests that measure latency or memory
// under load (jest.config.js, ALONE) by themselves. Prints one closing line with the totals of both.
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const JEST = require.resolve('jest/bin/jest');
const RUNS = [
  ['--selectProjects', 'unit', 'int', 'e2e', '--passWithNoTests'],
  ['--selectProjects', 'alone', '--runInBand', '--passWithNoTests'],
];
const summary = path.join(os.tmpdir(), `jest-summary-${process.pid}.jsonl`);

let code = 0;
for (const args of RUNS) {
  const run = spawnSync(process.execPath, [JEST, ...args, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, JEST_SUMMARY_FILE: summary },
  });
  if (run.status !== 0) code = run.status ?? 1;
}
const total = { passed: 0, failed: 0, skipped: 0 };
const lines = existsSync(summary) ? readFileSync(summary, 'utf8').split('\n').filter(Boolean) : [];
for (const line of lines) {
  const counts = JSON.parse(line);
  for (const key of Object.keys(total)) total[key] += counts[key];
}
rmSync(summary, { force: true });
// A run that ended before its reporter (a broken global setup) counts as a failure.
if (lines.length < RUNS.length && total.failed === 0) total.failed = 1;
process.stderr.write(
  `jest: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`,
);
process.exit(code);
