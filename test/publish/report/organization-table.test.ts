import { beforeAll, describe, expect, it } from "@jest/globals";
import { allRules } from "../../../rules/index.js";
import type { AccountRun, AuditReport } from "../../../src/publish/report/audit-report.js";
import { organizationReport } from "../../../src/publish/report/organization-report.js";
import { onlySeverities } from "../../../src/publish/report/severity-filter.js";
import { renderTable } from "../../../src/publish/report/table.js";
import { stripAnsi, visibleWidth } from "../../../src/publish/report/terminal-text.js";
import { SEVERITIES } from "../../../src/types/finding.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";
import { CALLER, PRODUCTION, SANDBOX, SKIPPED, STAGING, organizationDemo } from "./organization-fixtures.js";

const tempDir = temporaryDirectories("driftwarden-org-table-");
let report: AuditReport & { accounts: AccountRun[] };

beforeAll(async () => {
  report = (await organizationDemo(await tempDir())).report as typeof report;
});

const lines = (text: string) => text.replace(/\n$/, "").split("\n");
const table = (options: { width?: number; quiet?: boolean; all?: boolean; color?: boolean } = {}) => renderTable(report, allRules, { color: false, width: 120, ...options });

/** The text between the line opening an account's group and the next group (or the overall sections). */
function group(text: string, accountId: string): string {
  const start = text.indexOf(`━━ ACCOUNT ${accountId}`);
  expect(start).toBeGreaterThan(-1);
  const next = [text.indexOf("━━ ACCOUNT", start + 1), text.indexOf("PASSED AND NOT APPLICABLE", start)].filter((i) => i > -1);
  return text.slice(start, next.length > 0 ? Math.min(...next) : undefined);
}

/** The row of the accounts table that starts with the account id. */
function summaryRow(text: string, accountId: string): string[] {
  const row = lines(text).find((l) => l.startsWith(`  ${accountId}  `));
  expect(row).toBeDefined();
  return row!.trim().split(/ {2,}| (?=\d)/);
}

describe("renderTable of an organization run", () => {
  it("opens with the run: the caller, the accounts audited and skipped, and why it is partial", () => {
    const [first, accounts, , run, partial] = lines(table());
    expect(first).toBe(`driftwarden audit of an organization, from account ${CALLER}`);
    expect(accounts).toBe("accounts: 3 accounts (1 complete, 1 partial, 1 unreadable), 1 skipped");
    expect(run).toMatch(/^run 0b6f3c1e-.* · 2026-11-22 02:00:00 UTC · took 3 min 20 s$/);
    expect(partial).toBe("partial run: 1 account could not be read, 1 read in part");
  });

  it("summarizes every account in a table: status, failed by severity, drift, changes and errors", () => {
    const text = table();
    const header = lines(text).find((l) => l.includes("ACCOUNT") && l.includes("STATUS"))!;
    expect(header.trim().split(/\s+/)).toEqual(["ACCOUNT", "NAME", "STATUS", "CRIT", "HIGH", "MED", "LOW", "INFO", "DRIFT", "+/-/~", "NEW/REG/RES", "ERRORS"]);
    const production = report.accounts[0]!;
    expect(summaryRow(text, PRODUCTION.accountId)).toEqual([
      PRODUCTION.accountId,
      PRODUCTION.name,
      "complete",
      ...SEVERITIES.map((s) => String(production.counts.bySeverity[s])),
      "1/2/5",
      "3/7/3",
      "0",
    ]);
    const stagingRow = lines(text).find((l) => l.startsWith(`  ${STAGING.accountId}`))!;
    expect(stagingRow).toContain(`${STAGING.name}  partial`);
    // No earlier run of staging: no drift to count.
    expect(stagingRow).toMatch(/ – +64\/0\/0 +1$/);
    const sandbox = lines(text).findIndex((l) => l.startsWith(`  ${SANDBOX.accountId}`));
    expect(lines(text)[sandbox]).toMatch(/sandbox +unreadable +5 +24 +26 +15 +0 +– +0\/0\/0 +1$/);
    expect(lines(text)[sandbox + 1]).toBe(`    account ${SANDBOX.accountId}: cannot assume arn:aws:iam::${SANDBOX.accountId}:role/driftwarden-audit (AccessDenied): User:`);
  });

  it("lists the skipped accounts with why", () => {
    const text = table();
    expect(text).toContain(`SKIPPED (1): selected, not audited\n  ${SKIPPED.accountId} ${SKIPPED.name}: ${SKIPPED.reason}\n`);
    // The summary table comes first, the findings after it.
    expect(text.indexOf("ACCOUNTS (3)")).toBeLessThan(text.indexOf("SKIPPED (1)"));
    expect(text.indexOf("SKIPPED (1)")).toBeLessThan(text.indexOf("━━ ACCOUNT"));
  });

  it("groups the findings by account, in id order, each headed by its id, name, status and counts", () => {
    const text = table({ width: Number.POSITIVE_INFINITY });
    const starts = report.accounts.map((a) => text.indexOf(`━━ ACCOUNT ${a.accountId} ${a.name} ━`));
    expect(starts).toHaveLength(3);
    expect(starts.every((i) => i > -1)).toBe(true);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(group(text, PRODUCTION.accountId)).toContain("\ncomplete · 77 failed (6 critical, 29 high, 27 medium, 15 low) · drift 1 added, 2 removed, 5 modified · 3 new, 7 regressed, 3 resolved · 0 collection errors\n");
  });

  it("tells each account's findings its own way: production's changes then what persists, staging's first audit, sandbox's stale findings", () => {
    const text = table();
    const production = group(text, PRODUCTION.accountId);
    expect(production).toContain("FINDING CHANGES since the previous run: 3 new, 7 regressed, 3 resolved");
    expect(production).toContain("DRIFT since the previous run: 1 added, 2 removed, 5 modified");
    expect(production).toMatch(/REGRESSED CRITICAL +iam-root-no-access-keys +111122223333 \(us-east-1\)/);
    expect(production).toContain("STILL FAILING (67)");

    const staging = group(text, STAGING.accountId);
    expect(staging).toContain("first audit of this account: 64 failures, all new");
    expect(staging).toContain("COLLECTION ERRORS (1)");
    expect(staging).toContain("✖ rds · us-east-1 · DescribeDBInstances · AccessDenied");
    expect(staging).toContain("FAILED (64)");
    expect(staging).not.toContain("FINDING CHANGES");

    const sandbox = group(text, SANDBOX.accountId);
    expect(sandbox).toContain(`UNREADABLE: account ${SANDBOX.accountId}: cannot assume`);
    expect(sandbox).toContain("Nothing was read this run: the findings below stand as of its last run, and none is resolved.");
    expect(sandbox).toContain("STILL FAILING (70)");
    // The one error is its heading's reason, not a list; nothing was compared, so no drift.
    expect(sandbox).not.toContain("COLLECTION ERRORS");
    expect(sandbox).not.toContain("DRIFT");
  });

  it("puts no account's finding under another account's heading", () => {
    const text = table({ all: true, width: Number.POSITIVE_INFINITY });
    for (const account of report.accounts) {
      const others = report.accounts.filter((a) => a !== account).map((a) => a.accountId);
      // The account resource is named by its id: each group shows its own.
      expect(group(text, account.accountId)).toContain(`${account.accountId} (us-east-1)`);
      for (const other of others) expect(group(text, account.accountId)).not.toContain(`${other} (us-east-1)`);
    }
  });

  it("lists persisting failures one by one with --all", () => {
    const folded = group(table(), PRODUCTION.accountId);
    const listed = group(table({ all: true }), PRODUCTION.accountId);
    expect(folded).toContain("--all lists each one");
    expect(listed).not.toContain("--all lists each one");
    expect(listed).toMatch(/HIGH +rds-storage-encrypted +legacy-mysql \(us-east-1\)/);
  });

  it("ends with the accounts and the whole run's counts", () => {
    const last = lines(table({ width: Number.POSITIVE_INFINITY })).at(-1)!;
    expect(last).toBe(`3 accounts (1 complete, 1 partial, 1 unreadable), 1 skipped: 211 failed (16 critical, 76 high, 76 medium, 43 low), 314 passed, 129 not applicable — partial run: 2 collection errors`);
    expect(report.run.counts.byStatus.FAIL).toBe(211);
  });

  it("keeps only the failing findings under each account's heading line when quiet", () => {
    const text = table({ quiet: true });
    expect(text).not.toContain("ACCOUNTS (3)");
    expect(text).not.toContain("SKIPPED");
    expect(text).not.toContain("PASSED AND NOT APPLICABLE");
    expect(text).not.toContain("complete · 77 failed");
    for (const account of report.accounts) expect(text).toContain(`━━ ACCOUNT ${account.accountId}`);
    expect(group(text, PRODUCTION.accountId)).toContain("FAILED (77)");
    expect(text).toMatch(/\n3 accounts .*: 211 failed[^\n]*\n[^\n]*collection errors\n$/);
  });

  it("counts what --severity keeps, in the summary and the groups", () => {
    const text = renderTable(onlySeverities(report, ["critical"]), allRules, { color: false, width: 120 });
    const row = summaryRow(text, PRODUCTION.accountId);
    expect(row.slice(3, 8)).toEqual(["6", "0", "0", "0", "0"]);
    expect(group(text, STAGING.accountId)).toContain("FAILED (5)");
  });

  for (const width of [40, 60, 80, 100, 132]) {
    for (const color of [false, true]) {
      it(`keeps every line within ${width} columns (color ${color})`, () => {
        const text = table({ width, color, all: true });
        const widest = Math.max(...lines(text).map(visibleWidth));
        expect(widest).toBeLessThanOrEqual(width);
        expect(stripAnsi(text)).toContain(`${STAGING.accountId}`);
      });
    }
  }

  it("cuts the name column, never a number, when the table only just fits", () => {
    const text = table({ width: 100 });
    expect(lines(text).find((l) => l.startsWith(`  ${STAGING.accountId}`))).toMatch(/^ {2}444455556666 {2}staging & QA … {2}partial {8}5 {3}23 {2}23 {2}13 {4}0/);
    expect(lines(text).find((l) => l.startsWith(`  ${PRODUCTION.accountId}`))).toContain(" production ");
  });

  it("tells each account in a short block when the terminal is too narrow for the table", () => {
    const text = table({ width: 80 });
    expect(text).not.toContain("NEW/REG/RES");
    expect(text).toContain(`  ${PRODUCTION.accountId} ${PRODUCTION.name} · complete\n    77 failed (6 critical, 29 high, 27 medium, 15 low) · drift 1 added, 2\n`);
    expect(text).toContain(`  ${SANDBOX.accountId} ${SANDBOX.name} · unreadable\n`);
  });

  it("says so when every account selected was skipped", () => {
    const none = organizationReport([], { runId: "run-none", callerAccountId: CALLER, startedAt: "2026-11-22T02:00:00.000Z", finishedAt: "2026-11-22T02:00:01.000Z", skipped: [SKIPPED] });
    const text = renderTable(none, allRules, { color: false, width: 80 });
    expect(text).toContain("ACCOUNTS (0)\n  no account was audited\n");
    expect(text).toContain(`SKIPPED (1): selected, not audited\n  ${SKIPPED.accountId} ${SKIPPED.name}: ${SKIPPED.reason}`);
    expect(lines(text).at(-1)).toBe("0 accounts (none audited), 1 skipped: 0 failed, 0 passed");
  });

  it("paints an unreadable account red, and colors take no column", () => {
    const colored = table({ color: true });
    expect(stripAnsi(colored)).toBe(table());
    const row = lines(colored).find((l) => stripAnsi(l).startsWith(`  ${SANDBOX.accountId}`))!;
    expect(row).toContain("\u001b[31munreadable");
  });
});
