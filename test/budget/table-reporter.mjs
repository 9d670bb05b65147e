// Prints the round-trip tables the budget test attaches to its tests (task.meta.budgetTable), after the run's
// summary. The suite runs with `silent: "passed-only"`, so a passing test's console output would be dropped.
export default class BudgetTableReporter {
  tables = [];

  onTestCaseResult(testCase) {
    const table = testCase.meta().budgetTable;
    if (typeof table === "string") this.tables.push(table);
  }

  onTestRunEnd() {
    for (const t of this.tables) process.stdout.write(`\n${t}\n`);
  }
}
