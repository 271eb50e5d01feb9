// Every test runs in UTC+14, where the local date differs from UTC's for 14 hours of each day, so
// code that reads a local date or hour where it means UTC fails here rather than in a user's zone.
// Set here, in the process that starts the workers: a setupFiles module gets a copy of process.env
// that Node's clock never reads (measured: its TZ left getTimezoneOffset() at 0).
// TEST_TZ names another zone: `npm run test:dates` runs in America/Los_Angeles, 8 hours behind UTC where
// Kiritimati is 14 ahead, so a local date read where UTC is meant shows whichever way it slips.
process.env.TZ = process.env.TEST_TZ || "Pacific/Kiritimati";

/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "es6" } }] },
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testTimeout: 30000,
  // Jest's default leaves a core to its own process, which on two cores runs every file in that one process:
  // its heap grows past 3 GB and the files late in the run crawl. A worker per core, replaced once it holds
  // 1 GB, takes the suite from 466 s to 236 s on two cores.
  maxWorkers: "100%",
  workerIdleMemoryLimit: "1GB",
  reporters: ["default", "<rootDir>/test/support/summary-reporter.cjs"],
  setupFiles: ["<rootDir>/test/support/quiet-sdk.cjs"],
};
