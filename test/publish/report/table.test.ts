import { describe, expect, it } from "@jest/globals";
import { defaultParams, fail } from "../../../src/evaluate/rule.js";
import { summaryLine } from "../../../src/publish/report/presentation.js";
import { renderDrift, renderTable } from "../../../src/publish/report/table.js";
import { stripAnsi, visibleWidth } from "../../../src/publish/report/terminal-text.js";
import { sg, tcp } from "../../support/builders.js";
import type { AuditReport } from "../../../src/publish/report/audit-report.js";
import type { Transition } from "../../../src/diff/types.js";
import type { Finding } from "../../../src/types/finding.js";
import { auditFindings, auditReport, bastionSg, drift, findingOf, longNameSg, manyFailingFindings, rdsAccessDenied, rules } from "./fixtures.js";
import sshRestricted from "../../../rules/ec2/ec2-ssh-restricted.js";

const ESC = "\u001b";

function lines(text: string): string[] {
  return text.replace(/\n$/, "").split("\n");
}

/** The text as one line, so assertions do not depend on where it wrapped. */
function flat(text: string): string {
  return text.replace(/\s+/g, " ");
}

function widest(text: string): { width: number; line: string } {
  return lines(text).reduce((w, line) => (visibleWidth(line) > w.width ? { width: visibleWidth(line), line } : w), { width: 0, line: "" });
}

/** A report whose names and reasons are longer than any terminal. */
function longTextReport() {
  const longReason = `SSH open to the internet: ${Array.from({ length: 30 }, (_, i) => `tcp/22 from 198.51.100.${i}/32`).join("; ")}`;
  const unbroken = sg({ id: "sg-0ffffffffffffffff", name: `arn-like-${"x".repeat(150)}`, ingress: [tcp(22, "0.0.0.0/0")] });
  const wide = sg({ id: "sg-0eeeeeeeeeeeeeeee", name: "支払いシステム用セキュリティグループ本番環境アクセス制御", ingress: [tcp(22, "0.0.0.0/0")] });
  const findings = [
    ...auditFindings(),
    findingOf(sshRestricted, unbroken, fail(longReason)),
    findingOf(sshRestricted, wide, fail(`${"a".repeat(200)} ${"b".repeat(90)}`)),
  ];
  return auditReport({ findings, snapshot: { errors: [{ ...rdsAccessDenied, message: `${rdsAccessDenied.message} ${"with a very long explanation ".repeat(10)}` }] } });
}

describe("renderTable", () => {
  for (const width of [80, 60, 40, 132]) {
    for (const color of [false, true]) {
      it(`keeps every line within ${width} visible columns (color ${color}), with long names and reasons`, () => {
        // --all: every failure is listed, not folded into a count.
        const text = renderTable(longTextReport(), rules, { color, width, all: true });
        expect(widest(text).width).toBeLessThanOrEqual(width);
        // The long material is there, cut or wrapped, not dropped.
        expect(stripAnsi(text)).toContain("arn-like-xxx");
        expect(stripAnsi(text)).toContain("支払い");
      });
    }
  }

  it("defaults to 80 columns", () => {
    expect(widest(renderTable(longTextReport(), rules, { color: false })).width).toBeLessThanOrEqual(80);
  });

  it("uses no ANSI codes when color is off, and some when it is on", () => {
    const plain = renderTable(auditReport(), rules, { color: false, width: 80 });
    expect(plain).not.toContain(ESC);
    const colored = renderTable(auditReport(), rules, { color: true, width: 80 });
    expect(colored).toContain(`${ESC}[`);
    expect(stripAnsi(colored)).toEqual(plain);
  });

  it("shows escape sequences in an AWS name as text instead of sending them to the terminal", () => {
    const hostile = sg({ id: "sg-0dddddddddddddddd", name: `prod${ESC}[2J${ESC}]0;owned\u0007`, ingress: [tcp(22, "0.0.0.0/0")] });
    const text = renderTable(auditReport({ findings: [findingOf(sshRestricted, hostile, fail("open"))], withDrift: false }), rules, { color: false, width: 80 });
    expect(text).not.toContain(ESC);
    expect(text).toContain("prod\\x1b[2J");
  });

  it("lists failing findings first, FAIL before ERROR, each with severity, rule, resource and reason, when the run has no history", () => {
    const report = auditReport({ withDrift: false });
    const text = renderTable(report, rules, { color: false, width: 80 });
    const failed = text.indexOf("FAILED (");
    const notEvaluated = text.indexOf("NOT EVALUATED (");
    const suppressedAt = text.indexOf("SUPPRESSED (");
    const passing = text.indexOf("PASSED AND NOT APPLICABLE");
    expect(failed).toBeGreaterThan(-1);
    expect(failed).toBeLessThan(notEvaluated);
    expect(notEvaluated).toBeLessThan(suppressedAt);
    expect(suppressedAt).toBeLessThan(passing);
    const fails = report.findings.filter((f) => f.status === "FAIL");
    expect(text).toContain(`FAILED (${fails.length})`);
    const critical = lines(text).find((l) => l.startsWith("CRITICAL"))!;
    expect(critical).toMatch(/^CRITICAL\s+rds-not-public\s+orders-db \(us-east-1\)$/);
    // Most severe first within FAIL.
    const severities = lines(text.slice(failed, notEvaluated)).map((l) => /^(CRITICAL|HIGH|MEDIUM|LOW|INFO)\b/.exec(l)?.[1]).filter(Boolean);
    expect(severities).toEqual(fails.map((f) => f.severity.toUpperCase()));
    expect(text).toContain("attribute multiAZ was not collected");
  });

  it("shows passing and not-applicable results as counts per rule, not a line per resource", () => {
    const text = renderTable(auditReport(), rules, { color: false, width: 80 });
    const section = text.slice(text.indexOf("PASSED AND NOT APPLICABLE"));
    expect(section).toMatch(/ec2-ssh-restricted\s+1 passed/);
    expect(section).toMatch(/rds-not-public\s+1 passed/);
    expect(text).not.toContain(bastionSg.name!);
  });

  it("lists suppressed findings with the suppression's reason, owner and expiry", () => {
    const text = renderTable(auditReport(), rules, { color: false, width: 100 });
    const section = text.slice(text.indexOf("SUPPRESSED ("), text.indexOf("PASSED AND NOT APPLICABLE"));
    expect(section).toContain(longNameSg.name!.slice(0, 20));
    expect(flat(section)).toContain("suppressed: partner VPN range migration tracked in PAY-1432 (owner platform-team, until 2026-12-31)");
  });

  it("puts collection errors before the findings", () => {
    const text = renderTable(auditReport(), rules, { color: false, width: 80 });
    const errors = text.indexOf("COLLECTION ERRORS (1)");
    expect(errors).toBeGreaterThan(-1);
    expect(errors).toBeLessThan(text.indexOf("FINDING CHANGES"));
    const noHistory = renderTable(auditReport({ withDrift: false }), rules, { color: false, width: 80 });
    expect(noHistory.indexOf("COLLECTION ERRORS (1)")).toBeGreaterThan(-1);
    expect(noHistory.indexOf("COLLECTION ERRORS (1)")).toBeLessThan(noHistory.indexOf("FAILED ("));
    expect(text).toContain("rds · eu-west-1 · DescribeDBClusters · AccessDenied");
    expect(text).toContain("partial run");
  });

  it("after the first run, shows what changed tonight (NEW, REGRESSED, RESOLVED, then drift) before what still fails", () => {
    const text = renderTable(auditReport(), rules, { color: false, width: 100 });
    const changes = text.indexOf("FINDING CHANGES since the previous run: 1 new, 1 regressed, 1 resolved");
    const driftAt = text.indexOf("DRIFT since the previous run");
    const still = text.indexOf("STILL FAILING (");
    expect(changes).toBeGreaterThan(-1);
    expect(changes).toBeLessThan(driftAt);
    expect(driftAt).toBeLessThan(still);
    expect(text).not.toContain("FAILED (");
    const changeSection = text.slice(changes, driftAt);
    expect(changeSection).toMatch(/NEW\s+HIGH\s+ec2-ssh-restricted\s+web-sg/);
    expect(changeSection).toMatch(/REGRESSED\s+HIGH\s+rds-multi-az\s+orders-db/);
    expect(changeSection).toMatch(/RESOLVED\s+HIGH\s+elb-multi-az\s+old-web-alb/);
    expect(changeSection.indexOf("NEW")).toBeLessThan(changeSection.indexOf("REGRESSED"));
    expect(changeSection.indexOf("REGRESSED")).toBeLessThan(changeSection.indexOf("RESOLVED"));
    expect(flat(changeSection)).toContain("caused by: ingress tcp/22 from 0.0.0.0/0 added");
    const section = text.slice(driftAt, still);
    expect(section).toContain("1 added, 1 removed, 2 modified");
    expect(section).toMatch(/\+ <script>alert\(1\)<\/script> \(us-east-1\) · AWS::EC2::SecurityGroup/);
    expect(section).toMatch(/- old-web-alb \(us-east-1\)/);
    expect(section).toMatch(/~ orders-db \(us-east-1\)/);
    expect(section).toContain("multiAZ changed from true to false");
    expect(flat(section)).toContain("ingress tcp/22 from 0.0.0.0/0 added");
    expect(text).not.toContain("PERSISTING");
  });

  it("has no drift section without drift", () => {
    expect(renderTable(auditReport({ withDrift: false }), rules, { color: false, width: 80 })).not.toContain("DRIFT");
  });

  it("closes with a summary line of counts by status and failing severities, and the partial run", () => {
    const report = auditReport();
    const { byStatus, bySeverity } = report.run.counts;
    const text = renderTable(report, rules, { color: false, width: 200 });
    const last = lines(text).at(-1)!;
    expect(last).toBe(
      `${byStatus.FAIL} failed (${bySeverity.critical} critical, ${bySeverity.high} high), ${byStatus.ERROR} not evaluated, ${byStatus.PASS} passed, ${byStatus.SUPPRESSED} suppressed — partial run: 1 collection error`,
    );
  });

  it("prints only failing findings and the summary line when quiet", () => {
    const report = auditReport();
    const text = renderTable(report, rules, { color: false, width: 80, quiet: true });
    for (const absent of ["driftwarden audit of account", "COLLECTION ERRORS", "SUPPRESSED (", "PASSED AND NOT APPLICABLE", "DRIFT", "UNUSED SUPPRESSIONS"]) {
      expect(text).not.toContain(absent);
    }
    expect(text.startsWith("FAILED (")).toBe(true);
    expect(text).toContain("rds-not-public");
    expect(flat(text)).toMatch(new RegExp(`${summaryLine(report).replace(/[()]/g, "\\$&")} $`));
  });
});

/** Each failing finding with one transition of `kind`, as the diff stage records it. */
function transitionsOf(findings: Finding[], kind: Transition["kind"]): Transition[] {
  return findings
    .filter((f) => f.status === "FAIL")
    .map((f) => ({ findingId: f.id, ruleId: f.ruleId, kind, severity: f.severity, reason: f.reason, resource: { type: f.resource.type, id: f.resource.id, region: f.resource.region, ...(f.resource.name && { name: f.resource.name }) } }));
}

/** An account's first recorded run: no drift, every failure NEW. */
function firstRunReport(findings = auditFindings()): AuditReport {
  return { ...auditReport({ findings, withDrift: false }), transitions: transitionsOf(findings, "NEW"), firstRun: true };
}

/** A later run where `persisting` were failing before too. */
function laterRunReport(persisting: Finding[], extra: Finding[] = []): AuditReport {
  const findings = [...persisting, ...extra];
  return { ...auditReport({ findings, withDrift: false }), drift: { added: [], removed: [], modified: [] }, transitions: transitionsOf(persisting, "PERSISTING"), firstRun: false };
}

const unattachedSg = sg({ id: "sg-0c0c0c0c0c0c0c0c0", name: "spare-sg", attachments: 0, ingress: [tcp(22, "0.0.0.0/0")] });

describe("renderTable: the important thing first, once", () => {
  it("on a first run says so and lists every failure once, most severe first", () => {
    const report = firstRunReport();
    const text = renderTable(report, rules, { color: false, width: 80 });
    const fails = report.findings.filter((f) => f.status === "FAIL");
    expect(text).toContain(`first audit of this account: ${fails.length} failures, all new`);
    expect(text.split(`FAILED (${fails.length})`)).toHaveLength(2);
    for (const absent of ["FINDING CHANGES", "NEW ", "STILL FAILING", "DRIFT"]) expect(text).not.toContain(absent);
    // Each failing resource's row appears once.
    for (const f of fails) expect(lines(text).filter((l) => l.includes(f.ruleId) && l.includes(`${f.resource.name} (`))).toHaveLength(1);
    const rows = lines(text.slice(text.indexOf("FAILED ("))).map((l) => /^(CRITICAL|HIGH|MEDIUM|LOW|INFO)\b/.exec(l)?.[1]).filter(Boolean);
    expect(rows[0]).toBe("CRITICAL");
    expect(rows.slice(0, fails.length)).toEqual(fails.map((f) => f.severity.toUpperCase()));
    // The criticals come right after the header: on the first screen.
    expect(lines(text).findIndex((l) => l.startsWith("CRITICAL"))).toBeLessThan(20);
  });

  it("on a first run with one failure or none says that", () => {
    const [one] = manyFailingFindings(1);
    expect(renderTable(firstRunReport([one!]), rules, { color: false, width: 80 })).toContain("first audit of this account: 1 failure, new");
    const clean = auditFindings().filter((f) => f.status === "PASS");
    expect(renderTable(firstRunReport(clean), rules, { color: false, width: 80 })).toContain("first audit of this account: no failures");
  });

  it("on a later run folds persisting failures into a count per rule, most severe rule first, after what changed", () => {
    const lowered = findingOf(sshRestricted, unattachedSg, sshRestricted.evaluate(unattachedSg, { params: defaultParams(sshRestricted), snapshot: undefined as never }));
    const report = laterRunReport([...manyFailingFindings(3), lowered, ...auditFindings().filter((f) => f.ruleId === "rds-not-public" && f.status === "FAIL")]);
    const text = renderTable(report, rules, { color: false, width: 80 });
    expect(text).toContain("FINDING CHANGES since the previous run: none");
    const still = text.slice(text.indexOf("STILL FAILING (5)"));
    expect(still).toMatch(/^ {2}rds-not-public: 1 persisting \(critical\)$/m);
    expect(still).toMatch(/^ {2}ec2-ssh-restricted: 4 persisting \(3 high, 1 medium\)$/m);
    expect(still.indexOf("rds-not-public")).toBeLessThan(still.indexOf("ec2-ssh-restricted"));
    expect(still).toContain("--all lists each one");
    // Folded: no row per resource, no reasons.
    expect(text).not.toContain("spare-sg");
    expect(text).not.toMatch(/^HIGH\s+ec2-ssh-restricted/m);
  });

  it("unfolds persisting failures with --all, after the changes", () => {
    const persisting = manyFailingFindings(3);
    const [fresh] = auditFindings().filter((f) => f.ruleId === "rds-not-public" && f.status === "FAIL");
    const report = laterRunReport(persisting, [fresh!]);
    report.transitions = [...transitionsOf([fresh!], "NEW"), ...report.transitions!];
    const text = renderTable(report, rules, { color: false, width: 80, all: true });
    expect(text).not.toContain("persisting (");
    const changes = text.indexOf("FINDING CHANGES since the previous run: 1 new");
    const still = text.indexOf("STILL FAILING (3)");
    expect(changes).toBeGreaterThan(-1);
    expect(changes).toBeLessThan(still);
    expect(text.slice(changes, still)).toMatch(/NEW\s+CRITICAL\s+rds-not-public\s+orders-db/);
    const rows = lines(text.slice(still)).filter((l) => /^HIGH\s+ec2-ssh-restricted/.test(l));
    expect(rows).toHaveLength(3);
    expect(text.slice(still)).toContain("SSH port 22 open to the internet");
    // The NEW one is listed once, with the changes, not again among the persisting.
    expect(text.split("orders-db (us-east-1)")).toHaveLength(2);
  });

  it("does not print a red FAILED (0) on a clean run, first or later", () => {
    const clean = auditFindings().filter((f) => f.status === "PASS");
    for (const report of [auditReport({ findings: clean, withDrift: false, snapshot: { errors: [] } }), firstRunReport(clean), laterRunReport([], clean)]) {
      const text = renderTable(report, rules, { color: true, width: 80 });
      expect(stripAnsi(text)).not.toContain("FAILED (0)");
      expect(stripAnsi(text)).not.toContain("STILL FAILING");
      expect(stripAnsi(text)).toContain("no failing findings");
      expect(text).not.toMatch(new RegExp(`${ESC}\\[31m[^\\n]*FAILED`));
    }
  });

  it("says why a severity was lowered: an unattached security group", () => {
    const outcome = sshRestricted.evaluate(unattachedSg, { params: defaultParams(sshRestricted), snapshot: undefined as never });
    const lowered = findingOf(sshRestricted, unattachedSg, outcome);
    expect([lowered.severity, lowered.evidence?.attachmentCount]).toEqual(["medium", 0]);
    const first = renderTable(firstRunReport([lowered]), rules, { color: false, width: 80 });
    expect(first).toMatch(/^MEDIUM\s+ec2-ssh-restricted\s+spare-sg/m);
    expect(flat(first)).toContain("severity lowered: not attached to anything (rule default high)");
    const later = { ...laterRunReport([]), findings: [lowered], transitions: transitionsOf([lowered], "NEW") };
    expect(flat(renderTable(later, rules, { color: false, width: 80 }))).toContain("severity lowered: not attached to anything");
    // A finding at its rule's own severity says nothing about it.
    expect(renderTable(auditReport({ withDrift: false }), rules, { color: false, width: 80 })).not.toContain("severity lowered");
  });

  it("shows a failure whose suppression expired, on a first run and unfolded among the persisting", () => {
    const [base] = manyFailingFindings(1);
    const expired = { ...base!, evidence: { ...base!.evidence, suppressionExpired: "suppression expired on 2026-10-31: until the VPN migration" } };
    expect(flat(renderTable(firstRunReport([expired]), rules, { color: false, width: 80 }))).toContain("suppression expired on 2026-10-31: until the VPN migration");
    const later = renderTable(laterRunReport([expired, ...manyFailingFindings(3).slice(1)]), rules, { color: false, width: 80 });
    expect(flat(later)).toContain("suppression expired on 2026-10-31: until the VPN migration");
    expect(later).toMatch(/^ {2}ec2-ssh-restricted: 2 persisting \(high\)$/m);
    expect(later).toMatch(/^HIGH\s+ec2-ssh-restricted\s+group-sg-00{16} \(us-east-1\)$/m);
    // Listed before the counts, which close with the hint.
    expect(later.indexOf("suppression expired")).toBeLessThan(later.indexOf("2 persisting"));
  });

  it("names an unused suppression's rule and resource patterns", () => {
    const report = {
      ...auditReport(),
      unusedSuppressions: [
        { index: 2, reason: "temporary exception for the old bastion", rule: "ec2-ssh-restricted", resource: "sg-0abc*" },
        { index: 4, reason: "staging is loose", region: "eu-*", tags: { env: "staging" } },
      ],
    };
    const section = flat(renderTable(report, rules, { color: false, width: 80 }).split("UNUSED SUPPRESSIONS")[1]!);
    expect(section).toContain("#2 (rule ec2-ssh-restricted, resource sg-0abc*): temporary exception for the old bastion");
    expect(section).toContain("#4 (region eu-*, tag env=staging): staging is loose");
  });

  it("uses the full width when given none to fit (piped output): names are not cut, reasons not wrapped", () => {
    const text = renderTable(longTextReport(), rules, { color: false, width: Number.POSITIVE_INFINITY, all: true });
    expect(text).toContain(`arn-like-${"x".repeat(150)} (us-east-1)`);
    expect(text).toContain(longNameSg.name!);
    expect(lines(text).filter((l) => l.includes("tcp/22 from 198.51.100.29/32"))).toEqual([expect.stringContaining("SSH open to the internet: tcp/22 from 198.51.100.0/32")]);
  });
});

describe("renderDrift", () => {
  it("shows only the drift between two snapshots, within the width", () => {
    const text = renderDrift(drift, { color: false, width: 60 });
    expect(lines(text)[0]).toBe("DRIFT: 1 added, 1 removed, 2 modified");
    expect(flat(text)).toContain("multiAZ changed from true to false");
    expect(widest(text).width).toBeLessThanOrEqual(60);
    expect(renderDrift({ added: [], removed: [], modified: [] }, { color: false })).toContain("no resource changed");
  });
});
