/**
 * Every input that can be wrong gets one clear line, exit code 2, and
 * nothing written: no run recorded, no report file, no partial state.
 */
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdir, open, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { runCli } from "../support/run-cli.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const A = "examples/webapp-account.json";
const tempDirectory = temporaryDirectories("driftwarden-bad-");
let dir: string;

beforeEach(async () => {
  dir = await tempDirectory();
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function expectRejected(args: string[], message: RegExp, paths: { state?: string; report?: string } = {}): Promise<void> {
  const state = paths.state ?? join(dir, "state");
  const report = paths.report ?? join(dir, "report.json");
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

describe("CloudTrail events files (--events) that cannot be used", () => {
  it.each([
    ["truncated JSON", '{"Records":[{"eventID":"e1","eventName":"StopLogging"', /^driftwarden: \S*events\.json: not JSON \(.*\)$/m],
    ["JSON that holds no events", JSON.stringify({ Trails: [] }), /events\.json: expected a CloudTrail log file \(\{"Records": \[\.\.\.\]\}\)/],
    ["lookup-events output with a broken event", JSON.stringify({ Events: [{ EventId: "e1", CloudTrailEvent: "{" }] }), /events\.json: event 1 has a CloudTrailEvent that is not JSON/],
    ["a cut-off .json.gz", gzipSync(JSON.stringify({ Records: [] })).subarray(0, 12), /events\.json: not a readable gzip file \(.*\); is it truncated\?$/m],
  ])("%s", async (_name, content, message) => {
    await expectRejected(["audit", "--snapshot", A, "--events", await file("events.json", content)], message);
  });

  it("a file that does not exist", async () => {
    await expectRejected(["audit", "--snapshot", A, "--events", join(dir, "missing.json")], /^driftwarden: ENOENT: no such file or directory, open '\S*missing\.json'$/m);
  });

  it("a live run: it reads CloudTrail itself, said before any AWS call", async () => {
    const events = await file("events.json", JSON.stringify({ Records: [] }));
    await expectRejected(["audit", "--events", events, "--region", "us-east-1"], /^driftwarden: --events: a live run reads CloudTrail's events itself \(--no-attribution turns that off\); --events goes with a saved snapshot: --snapshot FILE --events FILE$/m);
  });

  it("--no-state, which has no previous run to name changes since", async () => {
    const events = await file("events.json", JSON.stringify({ Records: [] }));
    await expectRejected(["audit", "--snapshot", A, "--no-state", "--events", events], /--events names who made the changes since the previous run, and --no-state compares with none/);
  });
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
  it("a --rules id the config disables, as the Lambda refuses it in a payload", async () => {
    const config = await file("driftwarden.config.yaml", "rules:\n  rds-multi-az: false\n");
    await expectRejected(["audit", "--snapshot", A, "--config", config, "--rules", "ec2-ssh-restricted,rds-multi-az"], /^driftwarden: --rules: rds-multi-az is disabled in \S*driftwarden\.config\.yaml$/m);
  });

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

describe("places that cannot be written, refused before the account is read", () => {
  it("a --state-dir that is a file", async () => {
    const state = await file("state-file", "not a directory");
    await expectRejected(["audit", "--snapshot", A], /^driftwarden: --state-dir \S*state-file: \S*state-file is not a directory$/m, { state });
  });

  it("a --state-dir under a file", async () => {
    const state = join(await file("plain", ""), "state");
    await expectRejected(["audit", "--snapshot", A], /^driftwarden: --state-dir \S*plain\/state: \S*plain is not a directory$/m, { state });
  });

  it("a --state-dir two missing levels down: only the last level is ever created", async () => {
    await expectRejected(["audit", "--snapshot", A], /--state-dir \S*missing\/state: \S*missing does not exist; create it first/, { state: join(dir, "missing", "state") });
    expect(await readdir(dir)).toEqual([]);
  });

  it("--output under a directory that does not exist, two levels down", async () => {
    const report = join(dir, "nonexistent", "dir", "x.json");
    await expectRejected(["audit", "--snapshot", A], /^driftwarden: \S*nonexistent\/dir\/x\.json: \S*nonexistent does not exist; create it first/m, { report });
    expect(await readdir(dir)).toEqual([]);
  });

  it("--output that is a directory", async () => {
    const report = join(dir, "reports");
    await mkdir(report);
    await expectRejected(["audit", "--snapshot", A], /^driftwarden: \S*reports is a directory; name a file to write$/m, { report });
  });

  it("--html under a directory that does not exist, two levels down", async () => {
    await expectRejected(["audit", "--snapshot", A, "--html", join(dir, "nonexistent", "dir", "x.html")], /x\.html: \S*nonexistent does not exist/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("snapshots, regions and profiles that do not exist", () => {
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };

  afterEach(() => {
    for (const [name, value] of [["AWS_CONFIG_FILE", saved.config], ["AWS_SHARED_CREDENTIALS_FILE", saved.credentials]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function awsFiles(): Promise<void> {
    process.env.AWS_CONFIG_FILE = await file("aws-config", "[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n");
    process.env.AWS_SHARED_CREDENTIALS_FILE = await file("aws-credentials", "[ci] ; from the pipeline\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n");
  }

  it("a state file that is not valid JSON, named with what to do", async () => {
    const state = join(dir, "kept-state");
    expect((await runCli("audit", "--snapshot", A, "--state-dir", state, "--quiet", "--fail-on", "none")).code).toBe(0);
    await writeFile(join(state, "111122223333", "findings.json"), '{"runId": "run-1", "findings": [');
    const { code, stdout, stderr } = await runCli("audit", "--snapshot", A, "--state-dir", state, "--format", "json");
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toMatch(/^driftwarden: \S*111122223333\/findings\.json: not valid JSON \(.*\); restore it or remove it to start the account's history afresh\n$/);
  });

  it("a directory as --snapshot", async () => {
    const snapshots = join(dir, "snapshots");
    await mkdir(snapshots);
    await expectRejected(["audit", "--snapshot", `${snapshots}/`], /^driftwarden: \S*snapshots\/ is a directory, not a snapshot file$/m);
  });

  it("a --region the snapshot does not hold, naming the regions it has", async () => {
    await expectRejected(["audit", "--snapshot", A, "--region", "us-east-1,eu-west-1"], /^driftwarden: --region eu-west-1: not in snapshot examples\/webapp-account\.json \(it holds only us-east-1\)$/m);
  });

  it("a --profile that is in neither the config nor the credentials file", async () => {
    await awsFiles();
    await expectRejected(["audit", "--profile", "deve", "--region", "us-east-1"], /^driftwarden: --profile deve: the profile does not exist in \S*aws-config or \S*aws-credentials \(did you mean dev\?\)$/m);
  });

  it("an sso-session is not a profile, and a profile from the credentials file is one", async () => {
    await awsFiles();
    await expectRejected(["audit", "--profile", "corp", "--region", "us-east-1"], /--profile corp: the profile does not exist/);
    // The profile passes; the run stops at the next check, before any AWS call.
    await expectRejected(["audit", "--profile", "ci", "--region", "us-east-7"], /unknown region "us-east-7"/);
  });

  it("an unknown region on a live run, before any AWS call", async () => {
    await expectRejected(["audit", "--region", "us-east-1,us-east-7"], /^driftwarden: unknown region "us-east-7": AWS has no region of that name \(did you mean us-east-1\?\)$/m);
  });

  it("an unknown region from AWS_REGION, named instead of the lookup's ENOTFOUND", async () => {
    await awsFiles();
    const saved = { region: process.env.AWS_REGION, key: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    Object.assign(process.env, { AWS_REGION: "eu-west-9", AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret" });
    try {
      // The state directory was made ready before the account lookup; nothing else is written.
      const { code, stdout, stderr } = await runCli("audit", "--state-dir", join(dir, "state"), "--output", join(dir, "report.json"));
      expect([code, stdout]).toEqual([2, ""]);
      expect(stderr).toMatch(/^driftwarden: unknown region "eu-west-9": AWS has no region of that name.*\n$/);
      expect(await readdir(join(dir, "state"))).toEqual([]);
    } finally {
      for (const [name, value] of [["AWS_REGION", saved.region], ["AWS_ACCESS_KEY_ID", saved.key], ["AWS_SECRET_ACCESS_KEY", saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
