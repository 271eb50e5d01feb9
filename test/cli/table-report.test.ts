import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { AuditReport } from "../../src/publish/report/audit-report.js";
import { visibleWidth } from "../../src/publish/report/terminal-text.js";
import { runCli } from "../support/run-cli.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const A = "examples/webapp-account.json";
const B = "examples/webapp-account-next.json";
const tempDirectory = temporaryDirectories("driftwarden-table-");
let state: string;
const savedColumns = process.env.COLUMNS;

beforeEach(async () => {
  state = await tempDirectory();
  process.env.COLUMNS = "80";
});
afterEach(() => {
  if (savedColumns === undefined) delete process.env.COLUMNS;
  else process.env.COLUMNS = savedColumns;
});

const audit = (snapshot: string, ...extra: string[]) => runCli("audit", "--snapshot", snapshot, "--state-dir", state, "--fail-on", "none", ...extra);

describe("driftwarden audit, table format", () => {
  it("on the account's first audit says so and lists each failure once, criticals first, within COLUMNS", async () => {
    const { stdout } = await audit(A);
    const lines = stdout.split("\n");
    expect(lines[3]).toBe("first audit of this account: 70 failures, all new");
    expect(stdout.split("FAILED (70)")).toHaveLength(2);
    expect(stdout).not.toContain("FINDING CHANGES");
    expect(lines.filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(l))).toHaveLength(70);
    expect(lines.slice(lines.indexOf("FAILED (70)") + 1).find((l) => /^[A-Z]/.test(l))).toMatch(/^CRITICAL\s+ec2-no-all-traffic-from-internet/);
    // The unattached group's lowered severity says why.
    expect(stdout).toMatch(/^HIGH\s+ec2-no-all-traffic-from-internet\s+debug-open[^\n]*\n(?: {10}[^\n]*\n)*? {10}severity lowered: not attached to anything \(rule default critical\)$/m);
    expect(lines.filter((l) => visibleWidth(l) > 80)).toEqual([]);
  });

  it("on the next night puts what changed before the persisting failures, folded per rule unless --all", async () => {
    await audit(A);
    const other = await tempDirectory();
    await runCli("audit", "--snapshot", A, "--state-dir", other, "--fail-on", "none");
    const { stdout } = await audit(B);
    const changes = stdout.indexOf("FINDING CHANGES since the previous run: 3 new, 7 regressed, 3 resolved");
    const driftAt = stdout.indexOf("DRIFT since the previous run: 1 added, 2 removed, 5 modified");
    const still = stdout.indexOf("STILL FAILING (67)");
    expect([changes > -1, changes < driftAt, driftAt < still]).toEqual([true, true, true]);
    expect(stdout).toMatch(/^ {2}rds-not-public: 1 persisting \(critical\)$/m);
    expect(stdout).toMatch(/^ {2}rds-storage-encrypted: 3 persisting \(high\)$/m);
    expect(stdout).not.toContain("FAILED (");
    expect(stdout.split("\n").length).toBeLessThan(180);

    const all = (await runCli("audit", "--snapshot", B, "--state-dir", other, "--fail-on", "none", "--all")).stdout;
    expect(all).not.toContain("persisting (");
    const persisting = all.slice(all.indexOf("STILL FAILING (67)"));
    expect(persisting.split("\n").filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(l))).toHaveLength(67);
    expect(persisting).toMatch(/^CRITICAL\s+ec2-no-all-traffic-from-internet/m);
  });

  it("uses the full width when piped without COLUMNS: nothing is cut or wrapped", async () => {
    delete process.env.COLUMNS;
    const { stdout } = await runCli("audit", "--snapshot", A, "--no-state", "--fail-on", "none");
    expect(stdout).toMatch(/^ {10}publicly accessible and reachable from the internet: sg-0a1b2c3d4e5f60005 allows tcp\/3306 from 0\.0\.0\.0\/0, and subnet subnet-0c000000000000c01 routes to an internet gateway$/m);
    expect(Math.max(...stdout.split("\n").map(visibleWidth))).toBeGreaterThan(80);
  });

  it("marks the first recorded run in the JSON report, and only when there is history to tell", async () => {
    const json = async (...args: string[]) => JSON.parse((await runCli("audit", "--snapshot", ...args, "--format", "json", "--fail-on", "none")).stdout) as AuditReport;
    expect((await json(A, "--no-state")).firstRun).toBeUndefined();
    expect((await json(A, "--state-dir", state)).firstRun).toBe(true);
    expect((await json(B, "--state-dir", state)).firstRun).toBe(false);
  });
});
