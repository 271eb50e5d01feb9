// Mutation testing (`npm run mutation`): plants small bugs in the modules whose mistakes would lie
// to users and checks that a test fails for each. Not part of `npm test`: it runs the suite once per
// mutant (only the tests that cover it), which takes long; incremental, so a rerun tests what changed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "jest",
  // The suite is ESM (jest's vm modules), as `npm test` runs it.
  testRunnerNodeArgs: ["--experimental-vm-modules"],
  // jest finds a test related to a module only through files under its roots: the suite's roots hold only test/,
  // so a module the tests reach through another (rules/lib through a rule) would have none.
  jest: {
    projectType: "custom",
    configFile: "jest.config.js",
    enableFindRelatedTests: true,
    config: {
      roots: ["<rootDir>/test", "<rootDir>/src", "<rootDir>/rules", "<rootDir>/functions"],
      // The soak, the fault suite and the benchmarks' tests run the whole product for tens of seconds each: run for
      // every mutant they reach, they would take the run from an hour to a day. The unit and contract tests must kill.
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/soak/", "<rootDir>/test/faults/", "<rootDir>/test/bench/"],
    },
  },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // perTest runs only the tests that cover each mutant; COVERAGE=all runs every related test (slower; where per-test coverage misses a file).
  coverageAnalysis: process.env.COVERAGE ?? "perTest",
  mutate: (process.env.MUTATE ?? "rules/lib/**/*.ts,src/diff/**/*.ts,src/evaluate/**/*.ts,src/publish/notify/**/*.ts,src/publish/store/**/*.ts,src/collect/partial-reads.ts,src/collect/normalize.ts").split(","),
  // Static values (module-level tables) are evaluated once per process: a mutant there would rerun every test.
  ignoreStatic: (process.env.COVERAGE ?? "perTest") === "perTest",
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 85, break: null },
  concurrency: 2,
  timeoutMS: 20000,
  // The first run, with per-test coverage, runs every related test once: several minutes on two cores.
  dryRunTimeoutMinutes: 40,
  tempDirName: ".stryker-tmp",
};
