import { describe, expect, it } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { SARIF_SCHEMA_URI } from "../../src/publish/report/sarif.js";
import { runCli } from "../support/run-cli.js";
import { sarifValidator } from "../support/sarif-schema.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-sarif-");

const A = "examples/webapp-account.json";

interface SarifOutput {
  $schema: string;
  version: string;
  runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string }[] }[];
}

/** What `--format sarif` must print or write: a SARIF 2.1.0 log of the run's failures, not another format's report. */
function expectSarif(text: string): void {
  const log = JSON.parse(text) as SarifOutput;
  const validate = sarifValidator();
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  expect(log.version).toBe("2.1.0");
  expect(log.$schema).toBe(SARIF_SCHEMA_URI);
  expect(log.runs).toHaveLength(1);
  const [run] = log.runs;
  expect(run!.tool.driver.name).toBe("driftwarden");
  // The example account fails 70 checks; each result names a rule the driver describes.
  expect(run!.results).toHaveLength(70);
  const described = new Set(run!.tool.driver.rules.map((r) => r.id));
  for (const result of run!.results) expect(described).toContain(result.ruleId);
  expect(run!.results.map((r) => r.ruleId)).toContain("ec2-ssh-restricted");
}

describe("audit --format sarif", () => {
  it("prints a SARIF 2.1.0 log to stdout", async () => {
    const { code, stdout } = await runCli("audit", "--snapshot", A, "--no-state", "--format", "sarif");
    expect(code).toBe(1);
    expectSarif(stdout);
  });

  it("writes a SARIF 2.1.0 log to --output FILE", async () => {
    const file = join(await tempDirectory(), "report.sarif");
    const { code, stdout } = await runCli("audit", "--snapshot", A, "--no-state", "--format", "sarif", "--output", file);
    expect([code, stdout]).toEqual([1, ""]);
    expectSarif(await readFile(file, "utf8"));
  });
});
