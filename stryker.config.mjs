// Mutation testing (`npm run mutation`, scripts/mutation.mjs): plants small bugs in the modules whose mistakes
// would lie to users and checks that a test fails for each. Not part of `npm test`: it runs the tests that cover
// each mutant once per mutant. The modules are run in groups, each with its own incremental file, so a run cut
// short keeps the groups it finished and a rerun tests only what changed.

/** The modules in scope, by group; a group is one Stryker run. */
export const groups = {
  "rules-lib": ["rules/lib/**/*.ts"],
  evaluate: ["src/evaluate/**/*.ts"],
  diff: ["src/diff/**/*.ts"],
  notify: ["src/publish/notify/**/*.ts"],
  collect: ["src/collect/partial-reads.ts", "src/collect/normalize.ts"],
  // The store in three runs of an hour or so each on two cores: the file store, the files it writes, and the DynamoDB store (its tests start dynalite).
  "store-files": ["src/publish/store/{file-store,claim-files,retention,state-file-error}.ts"],
  "store-state": ["src/publish/store/{state-files,stored-snapshot,history-file,findings-changes,findings-file,line-json,shared-values}.ts"],
  "store-dynamodb": ["src/publish/store/{dynamodb-store,findings-store,batch-writer,table}.ts"],
};

/**
 * Suites a group's run leaves out besides those all runs do (below): they reach the group's modules only on
 * their way through a whole collection (two nights of an account, seconds a test), which every mutant of the
 * file store would run again; the store's own suites are the ones that must kill its mutants.
 */
const collectionSuites = "<rootDir>/test/(collect|attribute)/";
const passersBy = {
  "store-files": [collectionSuites],
  "store-state": [collectionSuites],
};

/** The lowest mutation score (%) a group may have; scripts/mutation.mjs and Stryker's `break` both hold it. */
export const breakAt = 85;

const group = process.env.MUTATE_GROUP;
if (group !== undefined && !(group in groups)) {
  throw new Error(`MUTATE_GROUP=${group} is not a group; the groups: ${Object.keys(groups).join(", ")}`);
}
const reportName = group ?? "custom";

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
      // The unit and contract tests must kill. The suites that run the whole product (the CLI, the Lambda handlers,
      // the event path, the deployment, soak, faults, benchmarks, the browser) load the SDK and start servers for
      // seconds each: run for every mutant they reach, they would take the run from an hour to most of a day.
      testPathIgnorePatterns: [
        "/node_modules/",
        "<rootDir>/test/(soak|faults|bench|cli|lambda|deploy)/",
        "<rootDir>/test/react/event-path",
        "-browser\\.test\\.ts$",
        ...(passersBy[group] ?? []),
      ],
    },
  },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.mutation.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // perTest runs only the tests that cover each mutant.
  coverageAnalysis: "perTest",
  // A group's globs, or MUTATE=a.ts,b.ts for some files of your own (kept apart in reports/mutation/custom.json).
  mutate: group ? groups[group] : (process.env.MUTATE ?? Object.values(groups).flat().join(",")).split(","),
  // Static values (module-level tables) are evaluated once per process: a mutant there would rerun every test.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${reportName}.json`,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${reportName}.html` },
  jsonReporter: { fileName: `reports/mutation/${reportName}.json` },
  thresholds: { high: 90, low: breakAt, break: breakAt },
  // Two cores: one TypeScript checker and two test runners keep both busy.
  concurrency: 3,
  // A mutant that loops is stopped after this much more than its tests took unmutated.
  timeoutMS: 5000,
  dryRunTimeoutMinutes: 40,
  tempDirName: ".stryker-tmp",
};
