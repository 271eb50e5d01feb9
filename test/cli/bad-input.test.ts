/**
 * Every input that can be wrong gets one clear line, exit code 2, and
 * nothing written: no run recorded, no report file, no partial state.
 */
import { beforeEach, describe, expect, it } from "@jest/globals";
import { open, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/run-cli.js";

const A = "examples/webapp-account.json";
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "driftwarden-bad-"));
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function expectRejected(args: string[], message: RegExp): Promise<void> {
  const state = join(dir, "state");
  const report = join(dir, "report.json");
  const { code, stdout, stderr } = await runCli(...args, "--state-dir", state, "--output", report);
  expect(code).toBe(2);
  expect(stdout).toBe("");
  expect(stderr.trim().split("\n")).toHaveLength(1);
  expect(stderr).toMatch(message);
  const written = await readdir(dir);
  expect(written.filter((f) => f === "state" || f === "report.json")).toEqual([]);
}

describe("malformed snapshot files", () => {
  it.each([
    ["truncated JSON", '{"schemaVersion":1,"accountId":"111122223333","takenAt":"2026-11-01T00:00:00Z","resources":[{"type":', /not valid JSON .*is the file truncated\?/],
    ["a future schema version", JSON.stringify({ schemaVersion: 2, accountId: "111122223333" }), /schemaVersion 2 is not supported .*re-collect it with `driftwarden collect`/],
    ["a missing field", JSON.stringify({ schemaVersion: 1, accountId: "111122223333", takenAt: "2026-11-01T00:00:00Z", regions: [], resources: [] }), /invalid snapshot at errors: /],
    ["a bad account id", JSON.stringify({ schemaVersion: 1, accountId: "prod", takenAt: "2026-11-01T00:00:00Z", regions: [], resources: [], errors: [] }), /accountId: a 12-digit account id/],
    ["an empty file", "", /not valid JSON/],
  ])("%s", async (_name, content, message) => {
    await expectRejected(["audit", "--snapshot", await file("snapshot.json", content)], message);
  });

  it("a 100 MB file that is not a snapshot", async () => {
    const path = join(dir, "huge.json");
    const handle = await open(path, "w");
    const chunk = `{"schemaVersion":1,"resources":[${'{"type":"AWS::EC2::Volume","id":"vol-0","attributes":{}},'.repeat(20_000)}`;
    for (let written = 0; written < 100 * 1024 * 1024; written += chunk.length) await handle.write(chunk);
    await handle.close();
    await expectRejected(["audit", "--snapshot", path], /huge\.json: not valid JSON/);
  }, 60_000);
});

describe("malformed config and suppressions", () => {
  it.each([
    ["a misspelt rule id", "rules: { rds-multiaz: false }", /rules\.rds-multiaz: unknown rule id \(did you mean rds-multi-az\?\)/],
    ["a param of the wrong type", "rules: { rds-backup-enabled: { params: { minRetentionDays: seven } } }", /rules\.rds-backup-enabled\.params\.minRetentionDays: .*expected number/],
    ["an unknown param", "rules: { asg-multi-az: { params: { minAzs: 3 } } }", /params\.minAzs: unknown key.*allowed params: minAvailabilityZones/],
    ["a suppression without a reason", "suppressions: [{ rule: ec2-ssh-restricted, resource: sg-1 }]", /suppressions\[0\]\.reason/],
    ["a suppression with a bad date", "suppressions: [{ reason: r, expires: 31/12/2026 }]", /suppressions\[0\]\.expires: a date such as 2026-12-31/],
    ["an invalid region", "regions: [us-east-1, europe]", /"europe" is not an AWS region name/],
    ["broken YAML", "rules:\n  - [", /not valid YAML/],
  ])("%s", async (_name, yaml, message) => {
    await expectRejected(["audit", "--snapshot", A, "--config", await file("driftwarden.config.yaml", yaml)], message);
  });
});

describe("bad options", () => {
  it("an unknown rule id in --rules", async () => {
    await expectRejected(["audit", "--snapshot", A, "--rules", "ec2-ssh-restricted,elb-multiaz"], /unknown rule id "elb-multiaz" \(did you mean elb-multi-az\?\)/);
  });

  it("an invalid --region", async () => {
    await expectRejected(["audit", "--snapshot", A, "--region", "us-east-1,US-WEST-2"], /"US-WEST-2" is not an AWS region name/);
  });

  it("an unknown --fail-on", async () => {
    await expectRejected(["audit", "--snapshot", A, "--fail-on", "severe"], /argument 'severe' is invalid/);
  });
});
