import { beforeAll, describe, expect, it } from "@jest/globals";
import type { AuditReport } from "../../../src/publish/report/audit-report.js";
import { renderJson } from "../../../src/publish/report/json.js";
import { accountNames, accountPart, organizationReport } from "../../../src/publish/report/organization-report.js";
import { onlySeverities } from "../../../src/publish/report/severity-filter.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";
import type { OrganizationDemo } from "./organization-fixtures.js";
import { CALLER, PRODUCTION, SANDBOX, SKIPPED, STAGING, organizationDemo } from "./organization-fixtures.js";

const tempDir = temporaryDirectories("driftwarden-org-report-");
let demo: OrganizationDemo;
let report: AuditReport & { accounts: NonNullable<AuditReport["accounts"]> };

beforeAll(async () => {
  demo = await organizationDemo(await tempDir());
  report = demo.report as typeof report;
});

const own = (accountId: string) => demo.accounts.find((a) => a.accountId === accountId)!.report;

describe("an organization report's accounts", () => {
  it("lists each account in id order with its status, counts, drift, changes and errors", () => {
    expect(report.accounts.map((a) => [a.accountId, a.name, a.status])).toEqual([
      [PRODUCTION.accountId, PRODUCTION.name, "complete"],
      [STAGING.accountId, STAGING.name, "partial"],
      [SANDBOX.accountId, SANDBOX.name, "unreadable"],
    ]);
    const production = report.accounts[0]!;
    expect(production.counts).toEqual(own(PRODUCTION.accountId).run.counts);
    expect(production.drift).toEqual({ added: 1, removed: 2, modified: 5 });
    expect(production.transitions).toEqual({ new: 3, regressed: 7, resolved: 3 });
    expect(production.firstRun).toBe(false);
    expect(report.accounts[1]!.firstRun).toBe(true);
    expect(report.accounts[1]!.errors).toBe(1);
    expect(report.skippedAccounts).toEqual([SKIPPED]);
    expect(report.run).toMatchObject({ accountId: CALLER, status: "partial" });
  });

  it("gives an account that could not be read its reason, no drift (nothing was compared), and keeps its findings", () => {
    const sandbox = report.accounts[2]!;
    expect(sandbox.reason).toMatch(new RegExp(`^account ${SANDBOX.accountId}: cannot assume arn:aws:iam::${SANDBOX.accountId}:role/driftwarden-audit \\(AccessDenied\\)`));
    expect(sandbox.drift).toBeUndefined();
    expect(sandbox.counts.byStatus.FAIL).toBeGreaterThan(0);
    expect(own(SANDBOX.accountId).findings.length).toBeGreaterThan(0);
    expect(own(SANDBOX.accountId).findings.every((f) => f.lifecycle?.stale)).toBe(true);
  });

  it("names accounts by id when Organizations gave names", () => {
    expect(accountNames(report)).toEqual(new Map([PRODUCTION, STAGING, SANDBOX].map((a) => [a.accountId, a.name])));
    expect(accountNames(own(PRODUCTION.accountId))).toEqual(new Map());
  });
});

describe("accountPart", () => {
  it("gives back each account's own findings, errors, drift and transitions", () => {
    for (const account of report.accounts) {
      const part = accountPart(report, account);
      const original = own(account.accountId);
      expect(part.run).toMatchObject({ accountId: account.accountId, id: original.run.id, counts: original.run.counts });
      expect(part.findings.map((f) => f.id).sort()).toEqual(original.findings.map((f) => f.id).sort());
      expect(part.errors.map(({ accountId, ...e }) => e)).toEqual(original.errors);
      expect(part.transitions?.map((t) => t.findingId).sort()).toEqual(original.transitions?.map((t) => t.findingId).sort());
      expect(part.firstRun).toBe(original.firstRun);
    }
    const production = accountPart(report, report.accounts[0]!);
    expect(production.drift!.modified.map((m) => m.resource.id)).toEqual(own(PRODUCTION.accountId).drift!.modified.map((m) => m.resource.id));
    expect(accountPart(report, report.accounts[2]!).drift).toBeUndefined();
  });

  it("counts what a severity filter kept, account by account", () => {
    const high = onlySeverities(report, ["critical"]);
    for (const account of high.accounts!) {
      const kept = high.findings.filter((f) => f.resource.accountId === account.accountId && f.status === "FAIL");
      expect(account.counts.byStatus.FAIL).toBe(kept.length);
      expect(account.counts.bySeverity.high).toBe(0);
      expect(accountPart(high, account).run.counts).toEqual(account.counts);
    }
    const production = high.accounts![0]!;
    const criticalChanges = report.transitions!.filter((t) => t.resource.accountId === PRODUCTION.accountId && t.severity === "critical");
    expect(production.transitions).toEqual({
      new: criticalChanges.filter((t) => t.kind === "NEW").length,
      regressed: criticalChanges.filter((t) => t.kind === "REGRESSED").length,
      resolved: criticalChanges.filter((t) => t.kind === "RESOLVED").length,
    });
    expect(production.transitions!.regressed).toBeGreaterThan(0);
    expect(production.transitions!.regressed).toBeLessThan(report.accounts[0]!.transitions!.regressed);
  });
});

describe("an organization report as JSON", () => {
  const topLevel = (json: string) => Object.keys(JSON.parse(json));

  it("prints accounts and skippedAccounts last, after the keys every report has", () => {
    expect(topLevel(renderJson(report))).toEqual(["schemaVersion", "run", "findings", "errors", "drift", "transitions", "firstRun", "accounts", "skippedAccounts"]);
  });

  it("carries the account on every finding, error, drift item and transition", () => {
    const ids = new Set(report.accounts.map((a) => a.accountId));
    const parsed = JSON.parse(renderJson(report)) as AuditReport;
    expect(parsed.findings.length).toBeGreaterThan(0);
    expect(parsed.findings.every((f) => ids.has(f.resource.accountId))).toBe(true);
    expect(parsed.errors.map((e) => e.accountId)).toEqual([STAGING.accountId, SANDBOX.accountId]);
    const drift = parsed.drift!;
    expect([...drift.added, ...drift.removed].map((r) => r.accountId)).toEqual(Array(3).fill(PRODUCTION.accountId));
    // Production's five (staging's first run and unreadable sandbox compare nothing).
    expect(drift.modified).toHaveLength(5);
    expect(drift.modified.every((m) => m.resource.accountId === PRODUCTION.accountId)).toBe(true);
    expect(parsed.transitions!.length).toBeGreaterThan(0);
    expect(parsed.transitions!.every((t) => ids.has(t.resource.accountId!))).toBe(true);
  });

  it("prints the same bytes whichever order the accounts came in", () => {
    const reordered = organizationReport([...demo.accounts].reverse(), {
      runId: report.run.id,
      callerAccountId: CALLER,
      startedAt: report.run.startedAt,
      finishedAt: report.run.finishedAt,
      skipped: [SKIPPED],
    });
    expect(renderJson(reordered)).toBe(renderJson(report));
  });
});
