// Prints one plain closing line ("N passed, N failed, N skipped") that CI reads, after Jest's own
// summary (which Jest writes once the reporters are done, hence the exit hook).
const { appendFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const brokenSuites = results.numRuntimeErrorTestSuites;
    const failed = results.numFailedTests + brokenSuites;
    // Under scripts/run-tests.js (several runs), the counts go to its file; it prints the total.
    if (process.env.JEST_SUMMARY_FILE) {
      const counts = { passed: results.numPassedTests, failed, skipped };
      appendFileSync(process.env.JEST_SUMMARY_FILE, `${JSON.stringify(counts)}\n`);
      return;
    }
    const line = `jest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}
module.exports = SummaryReporter;
