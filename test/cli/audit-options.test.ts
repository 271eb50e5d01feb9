/**
 * The options a security engineer reaches for: several formats from one run
 * (--output-dir), the AWS CLI's `--output json`, a run of some services
 * (--services), a report of some severities (--severity), and CSV.
 */
import { beforeEach, describe, expect, it } from "@jest/globals";
import { parse } from "csv-parse/sync";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { allRules } from "../../rules/index.js";
import type { AuditReport } from "../../src/publish/report/audit-report.js";
import { CSV_COLUMNS } from "../../src/publish/report/csv.js";
import { FileFindingsStore } from "../../src/publish/store/file-store.js";
import { testClock } from "../support/clock.js";
import { runCli } from "../support/run-cli.js";
import { DEMO_ACCOUNT as ACCOUNT, DEMO_NIGHT_1 as A, DEMO_NIGHT_2 as B, NIGHT_2_CHANGES } from "../support/demo.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-options-");
let dir: string;
let state: string;

beforeEach(async () => {
  dir = await tempDirectory();
  state = join(dir, "state");
});

const store = () => new FileFindingsStore({ directory: state, now: testClock });

async function auditJson(snapshot: string, ...extra: string[]): Promise<AuditReport> {
  const { stdout } = await runCli("audit", "--snapshot", snapshot, "--format", "json", "--state-dir", state, ...extra);
  return JSON.parse(stdout) as AuditReport;
}

/** The report's transitions other than PERSISTING, as "KIND rule resource". */
const changes = (report: AuditReport) =>
  report.transitions!.filter((t) => t.kind !== "PERSISTING").map((t) => `${t.kind} ${t.ruleId} ${t.resource.id}`).sort();

describe("audit --format a,b,c --output-dir DIR", () => {
  it("writes each format from one evaluation and records one run", async () => {
    const out = join(dir, "out");
    const { code, stdout, stderr } = await runCli("audit", "--snapshot", A, "--state-dir", state, "--format", "json,HTML,sarif", "--output-dir", out);
    expect([code, stdout]).toEqual([1, ""]);
    const files = (await readdir(out)).sort();
    expect(files).toHaveLength(3);
    const json = JSON.parse(await readFile(join(out, files.find((f) => f.endsWith(".json"))!), "utf8")) as AuditReport;
    // Named after the account and the run's start, to the second.
    const stem = `driftwarden-${ACCOUNT}-${json.run.startedAt.replace(/\.\d+/, "").replace(/[-:]/g, "")}`;
    expect(stem).toMatch(/^driftwarden-111122223333-\d{8}T\d{6}Z$/);
    expect(files).toEqual([`${stem}.html`, `${stem}.json`, `${stem}.sarif`]);
    expect(stderr).toBe(["json", "html", "sarif"].map((ext) => `report written to ${join(out, `${stem}.${ext}`)}\n`).join(""));

    // One recorded run, the one the reports are of: its first, so every failure is NEW rather than PERSISTING.
    const runs = await store().listRuns(ACCOUNT);
    expect(runs.map((r) => r.id)).toEqual([json.run.id]);
    expect(json.transitions).not.toHaveLength(0);
    expect(json.transitions!.every((t) => t.kind === "NEW")).toBe(true);

    // The SARIF holds the same findings: every failing or suppressed one, by finding id.
    const sarif = JSON.parse(await readFile(join(out, `${stem}.sarif`), "utf8")) as { runs: { results: { ruleId: string; partialFingerprints: Record<string, string> }[] }[] };
    const sarifIds = sarif.runs[0]!.results.map((r) => Object.values(r.partialFingerprints)[0]).sort();
    expect(sarifIds).toEqual(json.findings.filter((f) => f.status === "FAIL" || f.status === "SUPPRESSED").map((f) => f.id).sort());
    expect(await readFile(join(out, `${stem}.html`), "utf8")).toMatch(/^<!doctype html>/i);
  });

  it("refuses several formats without --output-dir, before reading anything", async () => {
    const { code, stdout, stderr } = await runCli("audit", "--snapshot", A, "--state-dir", state, "--format", "json,sarif");
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toBe("driftwarden: --format json,sarif: several formats need --output-dir DIR (stdout and --output take one)\n");
    await expect(stat(state)).rejects.toThrow(/ENOENT/);
  });

  it.each([
    [["--format", "json,pdf"], /argument 'json,pdf' is invalid\. unknown format "pdf"/],
    [["--services", "rsd"], /unknown service "rsd" \(did you mean rds\?\); choose from ec2, rds, autoscaling, elbv2, elb, cloudfront, route53/],
    [["--severity", "hgh"], /unknown severity "hgh" \(did you mean high\?\)/],
    [["--format", "table", "--output", "json"], /--output json names a format, and --format table is given too; to write a file of that name, pass --output \.\/json/],
    [["--services", "rds", "--rules", "ec2-ssh-restricted"], /--rules: ec2-ssh-restricted judges no resource of --services rds/],
  ])("%j exits 2 with one line", async (args, message) => {
    const { code, stdout, stderr } = await runCli("audit", "--snapshot", A, "--no-state", ...(args as string[]));
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});

describe("audit --output FORMAT, as the AWS CLI has it", () => {
  it("takes --output json as --format json, says so in one line, and writes no file called json", async () => {
    const { code, stdout, stderr } = await runCli("audit", "--snapshot", A, "--no-state", "--output", "json");
    expect(code).toBe(1);
    expect(stderr).toBe("--output json: taken as --format json; use --output FILE to write a file\n");
    expect((JSON.parse(stdout) as AuditReport).run.accountId).toBe(ACCOUNT);
    await expect(stat("json")).rejects.toThrow(/ENOENT/);
  });

  it("still writes --output FILE in the one --format", async () => {
    const file = join(dir, "report.sarif");
    const { code, stdout, stderr } = await runCli("audit", "--snapshot", A, "--no-state", "--format", "SARIF", "--output", file);
    expect([code, stdout, stderr]).toEqual([1, "", `report written to ${file}\n`]);
    expect(JSON.parse(await readFile(file, "utf8")).version).toBe("2.1.0");
  });
});

describe("audit --services", () => {
  it("evaluates only those services' rules and leaves the others' findings and resources as they were", async () => {
    await auditJson(A);
    const before = new Map((await store().loadPrevious(ACCOUNT))!.findings.map((f) => [f.id, f]));
    const rds = await auditJson(B, "--services", "RDS");
    const rdsRules = allRules.filter((r) => r.service === "rds").map((r) => r.id);
    expect(new Set(rds.findings.map((f) => f.ruleId))).toEqual(new Set(rdsRules));
    expect(rds.findings).not.toHaveLength(0);
    expect(rds.findings.every((f) => f.resource.type.startsWith("AWS::RDS::"))).toBe(true);
    // Drift and transitions of RDS alone: what B removed, added or changed elsewhere is not this run's to say.
    expect(rds.drift).toEqual({ added: [], removed: [], modified: [expect.objectContaining({ resource: expect.objectContaining({ id: "orders-db" }) })] });
    expect(changes(rds)).toEqual(["REGRESSED rds-multi-az orders-db"]);

    const after = (await store().loadPrevious(ACCOUNT))!.findings;
    const others = after.filter((f) => !rdsRules.includes(f.ruleId));
    expect(others.length).toBeGreaterThan(100);
    for (const finding of others) expect(finding).toEqual(before.get(finding.id));

    // The next full run compares with both: the RDS change is recorded, the rest is still to report.
    const full = await auditJson(B);
    expect(full.drift!.added.map((r) => r.id)).toEqual(["E4PROMO5EXAMPLE"]);
    expect(full.drift!.removed.map((r) => r.id).sort()).toEqual(["i-0aa1bb2cc3dd4ee03", "worker-asg"]);
    expect(full.drift!.modified.map((m) => m.resource.id)).toEqual([
      "111122223333",
      "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events",
      "sg-0a1b2c3d4e5f60002",
      "webapp-static",
    ]);
    // Night 2's changes but the RDS one, which the RDS run reported.
    const rdsChange = "REGRESSED rds-multi-az orders-db";
    expect(NIGHT_2_CHANGES).toContain(rdsChange);
    expect(changes(full)).toEqual(NIGHT_2_CHANGES.filter((c) => c !== rdsChange));
  });
});

describe("audit --severity", () => {
  it("reports only those severities, and records every finding", async () => {
    const { code, stdout } = await runCli("audit", "--snapshot", A, "--format", "json", "--state-dir", state, "--severity", "high,CRITICAL");
    expect(code).toBe(1);
    const shown = JSON.parse(stdout) as AuditReport;
    expect(new Set(shown.findings.map((f) => f.severity))).toEqual(new Set(["critical", "high"]));
    expect(shown.transitions).not.toHaveLength(0);
    expect(shown.transitions!.every((t) => t.severity === "critical" || t.severity === "high")).toBe(true);
    expect(shown.run.counts.bySeverity).toEqual({ critical: 5, high: 24, medium: 0, low: 0, info: 0 });

    const recorded = (await store().loadPrevious(ACCOUNT))!.findings;
    expect(recorded.length).toBeGreaterThan(shown.findings.length);
    expect(new Set(recorded.map((f) => f.severity))).toEqual(new Set(["critical", "high", "medium", "low"]));
    // The next run compares with all of them: the same changes as after a run that showed everything.
    expect(changes(await auditJson(B))).toEqual(NIGHT_2_CHANGES);
  });

  it("decides the exit code by the findings it reports", async () => {
    expect((await runCli("audit", "--snapshot", A, "--no-state", "--severity", "info", "--quiet")).code).toBe(0);
  });
});

describe("audit --format csv", () => {
  it("writes one row per finding that parses back to the report's values, quoting commas and quotes", async () => {
    const out = join(dir, "out");
    expect((await runCli("audit", "--snapshot", A, "--state-dir", state, "--format", "csv,json", "--output-dir", out, "--quiet")).code).toBe(1);
    const files = (await readdir(out)).sort();
    const text = await readFile(join(out, files.find((f) => f.endsWith(".csv"))!), "utf8");
    const report = JSON.parse(await readFile(join(out, files.find((f) => f.endsWith(".json"))!), "utf8")) as AuditReport;

    expect(text.split("\n")[0]).toBe(CSV_COLUMNS.join(","));
    expect(CSV_COLUMNS).toEqual(["id", "status", "severity", "ruleId", "resourceType", "resourceId", "resourceArn", "resourceName", "region", "accountId", "reason", "firstSeen", "lastSeen", "suppressionReason"]);
    // Strict parsing: a stray quote or a row of the wrong width fails here.
    const rows = parse(text, { columns: true, relax_quotes: false, relax_column_count: false }) as Record<string, string>[];
    expect(rows).toEqual(
      report.findings.map((f) => ({
        id: f.id,
        status: f.status,
        severity: f.severity,
        ruleId: f.ruleId,
        resourceType: f.resource.type,
        resourceId: f.resource.id,
        resourceArn: f.resource.arn ?? "",
        resourceName: f.resource.name ?? "",
        region: f.resource.region,
        accountId: f.resource.accountId,
        reason: f.reason,
        firstSeen: f.firstSeen ?? "",
        lastSeen: f.lastSeen ?? "",
        suppressionReason: f.suppression?.reason ?? "",
      })),
    );
    // A reason with quotes is quoted, its quotes doubled; one with a comma is quoted.
    expect(text).toContain(',"failover record ""api-secondary"" has no health check: Route 53 treats it as always healthy",');
    expect(text).toContain(',"automated backups kept only 1 day, less than the required 7",');
  });
});
