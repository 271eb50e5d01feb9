import { beforeEach, describe, expect, it } from "@jest/globals";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { allRules } from "../../rules/index.js";
import type { AuditReport } from "../../src/publish/report/audit-report.js";
import { runCli } from "../support/run-cli.js";
import { DEMO_NIGHT_1 as A, DEMO_NIGHT_2 as B, NIGHT_2_CHANGES } from "../support/demo.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const stateDirectory = temporaryDirectories("driftwarden-cli-");
const rulesDirectory = temporaryDirectories("driftwarden-rules-");
let state: string;

beforeEach(async () => {
  state = await stateDirectory();
});

async function auditJson(snapshot: string, ...extra: string[]): Promise<{ code: number; report: AuditReport }> {
  const { code, stdout } = await runCli("audit", "--snapshot", snapshot, "--format", "json", "--state-dir", state, ...extra);
  return { code, report: JSON.parse(stdout) as AuditReport };
}

describe("driftwarden audit", () => {
  it("finds at least one FAIL and one PASS for every rule in the demo account, and exits 1", async () => {
    const { code, report } = await auditJson(A, "--no-state");
    expect(code).toBe(1);
    const night2 = (await auditJson(B, "--no-state")).report;
    const statusesOf = (findings: AuditReport["findings"], ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => f.status);
    for (const rule of allRules) {
      // A rule judged on the account record (AWS::::Account, one per account) has one finding a night,
      // so it cannot both pass and fail in one night: it must fail in one of the demo's nights and pass in the other.
      const perAccount = rule.resourceTypes.includes("AWS::::Account");
      const statuses = new Set(perAccount ? [...statusesOf(report.findings, rule.id), ...statusesOf(night2.findings, rule.id)] : statusesOf(report.findings, rule.id));
      expect([rule.id, statuses.has("FAIL"), statuses.has("PASS")]).toEqual([rule.id, true, true]);
    }
    expect(allRules.filter((rule) => rule.resourceTypes.includes("AWS::::Account")).map((rule) => rule.id).sort()).toEqual([
      "cloudtrail-multi-region-logging",
      "iam-root-mfa",
      "iam-root-no-access-keys",
    ]);
    expect(report.run).toMatchObject({ accountId: "111122223333", status: "complete", regions: ["us-east-1"] });
    expect(report.findings.find((f) => f.ruleId === "ec2-ssh-restricted" && f.status === "FAIL")).toMatchObject({
      severity: "high",
      resource: { type: "AWS::EC2::SecurityGroup", id: "sg-0a1b2c3d4e5f60004", name: "bastion", region: "us-east-1", accountId: "111122223333" },
      reason: expect.stringMatching(/tcp\/22 from 0\.0\.0\.0\/0/),
    });
  });

  it("reports exactly the drift and transitions between two nights, explaining the SSH one by the added permission", async () => {
    // A first night has only NEW transitions, and has some.
    expect(new Set((await auditJson(A)).report.transitions?.map((t) => t.kind))).toEqual(new Set(["NEW"]));
    const { report } = await auditJson(B);
    const ids = (refs: { id: string }[]) => refs.map((r) => r.id).sort();
    expect(ids(report.drift!.added)).toEqual(["E4PROMO5EXAMPLE"]);
    expect(ids(report.drift!.removed)).toEqual(["i-0aa1bb2cc3dd4ee03", "worker-asg"]);
    expect(ids(report.drift!.modified.map((m) => m.resource))).toEqual([
      "111122223333",
      "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events",
      "orders-db",
      "sg-0a1b2c3d4e5f60002",
      "webapp-static",
    ]);
    const changes = report.transitions!.filter((t) => t.kind !== "PERSISTING").map((t) => `${t.kind} ${t.ruleId} ${t.resource.id}`).sort();
    expect(changes).toEqual(NIGHT_2_CHANGES);
    const ssh = report.transitions!.find((t) => t.ruleId === "ec2-ssh-restricted" && t.kind === "REGRESSED");
    expect(ssh?.explanation).toBe("ingress tcp/22 from 0.0.0.0/0 added");
    const trail = report.transitions!.find((t) => t.ruleId === "cloudtrail-multi-region-logging" && t.kind === "REGRESSED");
    expect(trail?.explanation).toBe("management-events: isLogging changed from true to false");
    const bucket = report.transitions!.find((t) => t.ruleId === "s3-bucket-not-public" && t.resource.id === "webapp-static");
    expect(bucket?.kind).toBe("REGRESSED");
    expect(bucket?.explanation?.split("; ")).toContain("Allow s3:GetObject to * added");
  });

  it("never reports RDS resolved or removed when RDS could not be collected", async () => {
    await auditJson(A);
    const next = JSON.parse(await readFile(B, "utf8"));
    next.resources = next.resources.filter((r: { type: string }) => !r.type.startsWith("AWS::RDS::"));
    next.errors = [
      { service: "rds", region: "us-east-1", operation: "DescribeDBInstances", code: "AccessDenied", message: "not authorized", resourceTypes: ["AWS::RDS::DBInstance"] },
      { service: "rds", region: "us-east-1", operation: "DescribeDBClusters", code: "AccessDenied", message: "not authorized", resourceTypes: ["AWS::RDS::DBCluster"] },
    ];
    const partial = join(state, "partial.json");
    await writeFile(partial, JSON.stringify(next));
    const { code, report } = await auditJson(partial);
    expect(code).toBe(3);
    expect(report.run.status).toBe("partial");
    const rds = (type: string) => type.startsWith("AWS::RDS::");
    expect(report.drift!.removed.filter((r) => rds(r.type))).toEqual([]);
    expect(report.transitions!.filter((t) => rds(t.resource.type) && t.kind === "RESOLVED")).toEqual([]);
    // The previous RDS failures are still reported, as they were.
    const legacy = report.findings.filter((f) => f.resource.id === "legacy-mysql" && f.status === "FAIL").map((f) => f.ruleId).sort();
    expect(legacy).toEqual(["rds-backup-enabled", "rds-deletion-protection", "rds-multi-az", "rds-not-public", "rds-storage-encrypted", "rds-tls-enforced"]);
    // Other services still drift as usual.
    expect(report.drift!.removed.map((r) => r.id).sort()).toEqual(["i-0aa1bb2cc3dd4ee03", "worker-asg"]);
  });

  it("leaves regions and rules a run did not look at as they were", async () => {
    const night1 = await auditJson(A);
    const legacyFirstSeen = night1.report.findings.find((f) => f.ruleId === "rds-multi-az" && f.resource.id === "legacy-mysql")?.firstSeen;
    expect(legacyFirstSeen).toEqual(expect.any(String));
    // A run of one rule resolves nothing else and forgets nothing.
    const narrow = await auditJson(B, "--rules", "ec2-ssh-restricted");
    expect(new Set(narrow.report.findings.map((f) => f.ruleId))).toEqual(new Set(["ec2-ssh-restricted"]));
    expect(narrow.report.transitions!.filter((t) => t.kind === "RESOLVED")).toEqual([]);
    // A run of another region (the global services and the account-wide records read as usual:
    // CloudFront, Route 53, the account's IAM record, its trails and S3 Block Public Access) removes nothing in us-east-1.
    const b = JSON.parse(await readFile(B, "utf8"));
    const globalTypes = ["AWS::::Account", "AWS::CloudTrail::Trail", "AWS::S3::AccountPublicAccessBlock"];
    const global = b.resources.filter((r: { type: string }) => r.type.startsWith("AWS::CloudFront::") || r.type.startsWith("AWS::Route53::") || globalTypes.includes(r.type));
    const europe = join(state, "eu-west-1.json");
    await writeFile(europe, JSON.stringify({ ...b, regions: ["eu-west-1"], resources: global }));
    const other = await auditJson(europe);
    expect(other.report.drift).toEqual({ added: [], removed: [], modified: [] });
    // Only the rules the narrow run skipped judge what it recorded: the distribution, for the first time, and the account record's night-2 changes.
    expect(other.report.transitions!.filter((t) => t.kind !== "PERSISTING").map((t) => `${t.kind} ${t.ruleId} ${t.resource.id}`).sort()).toEqual([
      "NEW cloudfront-https-only E4PROMO5EXAMPLE",
      "NEW cloudfront-s3-origin-access-control E4PROMO5EXAMPLE",
      "REGRESSED cloudtrail-multi-region-logging 111122223333",
      "REGRESSED iam-root-no-access-keys 111122223333",
      "RESOLVED iam-root-mfa 111122223333",
    ]);
    // The next full run compares with everything recorded before it: the RDS failure of night 1 is still persisting.
    const full = await auditJson(B);
    const legacy = full.report.transitions!.find((t) => t.ruleId === "rds-multi-az" && t.resource.id === "legacy-mysql");
    expect(legacy?.kind).toBe("PERSISTING");
    expect(full.report.findings.find((f) => f.ruleId === "rds-multi-az" && f.resource.id === "legacy-mysql")?.firstSeen).toBe(legacyFirstSeen);
    expect(full.report.transitions!.filter((t) => t.kind !== "PERSISTING").map((t) => `${t.kind} ${t.ruleId} ${t.resource.id}`).sort()).toEqual([
      "NEW ec2-only-web-ports-public sg-0a1b2c3d4e5f60002",
      "REGRESSED rds-multi-az orders-db",
      "REGRESSED s3-bucket-not-public webapp-static",
      "REGRESSED s3-bucket-public-access-blocked webapp-static",
      "REGRESSED s3-origin-only-via-cloudfront webapp-static",
      "RESOLVED asg-behind-load-balancer worker-asg",
      "RESOLVED asg-multi-az worker-asg",
    ]);
  });

  it("drifts against a pinned baseline", async () => {
    expect((await runCli("baseline", "set", "--snapshot", A, "--state-dir", state)).code).toBe(0);
    await auditJson(B);
    const { report } = await auditJson(B, "--against", "baseline");
    expect(report.drift!.added.map((r) => r.id)).toEqual(["E4PROMO5EXAMPLE"]);
    const { code, stderr } = await runCli("audit", "--snapshot", B, "--against", "baseline", "--state-dir", join(state, "empty"));
    expect(code).toBe(2);
    expect(stderr).toMatch(/no baseline pinned for account 111122223333/);
  });

  it("previews the alert a run would send without recording it", async () => {
    await auditJson(A);
    const { stdout } = await runCli("audit", "--snapshot", B, "--state-dir", state, "--notify-preview");
    expect(stdout).toMatch(/^Subject: driftwarden: 3 new, 7 regressed, 3 resolved in 111122223333 \(critical\)/);
    // Nothing was recorded: the real run still sees the same changes.
    const { report } = await auditJson(B);
    expect(report.transitions!.filter((t) => t.kind === "REGRESSED")).toHaveLength(7);
  });

  it("prints a table with the summary line, and fails only at or above --fail-on", async () => {
    // Piped output takes the full width unless COLUMNS sets one.
    const columns = process.env.COLUMNS;
    process.env.COLUMNS = "80";
    const { code, stdout } = await runCli("audit", "--snapshot", A, "--no-state", "--fail-on", "critical", "--quiet").finally(() => {
      if (columns === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = columns;
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/70 failed \(5 critical, 24 high, 26 medium, 15 low\)/);
    for (const line of stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    expect((await runCli("audit", "--snapshot", A, "--no-state", "--fail-on", "none")).code).toBe(0);
  });

  it("writes SARIF, ASFF and HTML reports to files", async () => {
    for (const format of ["sarif", "asff", "html"]) {
      const out = join(state, `report.${format}`);
      const { stderr } = await runCli("audit", "--snapshot", A, "--no-state", "--format", format, "--output", out);
      expect(stderr).toContain(`report written to ${out}`);
      const text = await readFile(out, "utf8");
      if (format === "html") expect(text).toMatch(/^<!doctype html>/i);
      else expect(JSON.parse(text)).toBeTruthy();
    }
  });
});

describe("input errors exit 2 with one line", () => {
  it.each([
    [["audit", "--snapshot", "nope.json"], /nope\.json: cannot read snapshot \(ENOENT\)/],
    [["audit", "--snapshot", "package.json"], /package\.json: schemaVersion undefined is not supported/],
    [["audit", "--snapshot", A, "--rules", "ec2-ssh-restrictd"], /unknown rule id "ec2-ssh-restrictd" \(did you mean ec2-ssh-restricted\?\)/],
    [["audit", "--snapshot", A, "--region", "mars-north-1x"], /"mars-north-1x" is not an AWS region name/],
    [["audit", "--snapshot", A, "--format", "pdf"], /argument 'pdf' is invalid/],
    [["audit", "--snapshot", A, "--config", "missing.yaml"], /missing\.yaml: cannot read config/],
    [["nonsense"], /unknown command/],
  ])("%j", async (args, message) => {
    const { code, stderr, stdout } = await runCli(...(args as string[]));
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });
});

describe("driftwarden rules", () => {
  it("prints the catalogue as JSON with metadata and config status", async () => {
    const config = join(await rulesDirectory(), "c.yaml");
    await writeFile(config, "rules:\n  ec2-eip-attached: false\n  rds-backup-enabled:\n    params: { minRetentionDays: 14 }\n");
    const { code, stdout } = await runCli("rules", "--format", "json", "--config", config);
    expect(code).toBe(0);
    const catalogue = JSON.parse(stdout) as { id: string; enabled: boolean; params?: Record<string, unknown>; references: Record<string, string>; remediation: string }[];
    expect(catalogue).toHaveLength(45);
    expect(catalogue.find((r) => r.id === "ec2-eip-attached")?.enabled).toBe(false);
    expect(catalogue.find((r) => r.id === "rds-backup-enabled")?.params).toMatchObject({ minRetentionDays: 14 });
    expect(catalogue.find((r) => r.id === "ec2-ssh-restricted")).toMatchObject({ references: { awsConfig: "restricted-ssh", securityHub: "EC2.13" } });
    for (const rule of catalogue) expect(rule.remediation).toMatch(/\baws [a-z0-9-]+ [a-z-]+/);
  });
});

describe("driftwarden diff", () => {
  it("diffs two snapshot files", async () => {
    const { code, stdout } = await runCli("diff", A, B, "--format", "json");
    expect(code).toBe(1);
    const drift = JSON.parse(stdout);
    expect(drift.added.map((r: { id: string }) => r.id)).toEqual(["E4PROMO5EXAMPLE"]);
    expect(drift.modified).toHaveLength(5);
  });
});

describe("options and empty accounts", () => {
  it("takes --fail-on in any case", async () => {
    const { code, stdout, stderr } = await runCli("audit", "--snapshot", A, "--no-state", "--fail-on", "CRITICAL", "--quiet");
    expect([code, stderr]).toEqual([1, ""]);
    expect(stdout).toMatch(/70 failed \(5 critical/);
    expect((await runCli("audit", "--snapshot", A, "--no-state", "--fail-on", "None")).code).toBe(0);
  });

  it("audits only the --region asked for from a snapshot of several, with the global services", async () => {
    const a = JSON.parse(await readFile(A, "utf8"));
    const twoRegions = join(state, "two-regions.json");
    await writeFile(twoRegions, JSON.stringify({ ...a, regions: ["eu-west-1", "us-east-1"] }));
    const { code, report } = await auditJson(twoRegions, "--no-state", "--region", "eu-west-1");
    expect(code).toBe(1);
    expect(report.run.regions).toEqual(["eu-west-1"]);
    // Only the global services and the account-wide records (the account's IAM record, its trails) are judged.
    expect(new Set(report.findings.map((f) => f.resource.type))).toEqual(
      new Set(["AWS::::Account", "AWS::CloudFront::Distribution", "AWS::CloudTrail::Trail", "AWS::Route53::HealthCheck", "AWS::Route53::RecordSet"]),
    );
  });

  it("says no resources were found in an empty account, and keeps the JSON report as it was", async () => {
    const a = JSON.parse(await readFile(A, "utf8"));
    const empty = join(state, "empty.json");
    await writeFile(empty, JSON.stringify({ ...a, regions: ["us-east-1", "eu-west-1"], resources: [] }));
    const { code, stdout } = await runCli("audit", "--snapshot", empty, "--no-state");
    expect(code).toBe(0);
    expect(stdout).toContain("no resources found in account 111122223333 (us-east-1, eu-west-1)");
    expect(stdout).toMatch(/0 failed, 0 passed\n$/);
    const { report } = await auditJson(empty, "--no-state");
    expect(Object.keys(report).sort()).toEqual(["errors", "findings", "run", "schemaVersion"]);
    expect(report.findings).toEqual([]);
  });

  it("names an empty region beside the ones with resources", async () => {
    const a = JSON.parse(await readFile(A, "utf8"));
    const withEmpty = join(state, "with-empty.json");
    await writeFile(withEmpty, JSON.stringify({ ...a, regions: ["us-east-1", "eu-west-1"] }));
    const { stdout } = await runCli("audit", "--snapshot", withEmpty, "--no-state");
    expect(stdout).toContain("no resources found in eu-west-1\n");
    expect(stdout).not.toContain("no resources found in account");
  });
});
