import { describe, expect, it } from "@jest/globals";
import { fail } from "../../../src/evaluate/rule.js";
import { summaryLine } from "../../../src/publish/report/presentation.js";
import { renderDrift, renderTable } from "../../../src/publish/report/table.js";
import { stripAnsi, visibleWidth } from "../../../src/publish/report/terminal-text.js";
import { sg, tcp } from "../../support/builders.js";
import { auditFindings, auditReport, bastionSg, drift, findingOf, longNameSg, rdsAccessDenied, rules } from "./fixtures.js";
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
        const text = renderTable(longTextReport(), rules, { color, width });
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

  it("lists failing findings first, FAIL before ERROR, each with severity, rule, resource and reason", () => {
    const report = auditReport();
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
    expect(errors).toBeLessThan(text.indexOf("FAILED ("));
    expect(text).toContain("rds · eu-west-1 · DescribeDBClusters · AccessDenied");
    expect(text).toContain("partial run");
  });

  it("shows drift: added, removed and modified resources with their changes, and NEW/REGRESSED/RESOLVED transitions", () => {
    const text = renderTable(auditReport(), rules, { color: false, width: 100 });
    const section = text.slice(text.indexOf("DRIFT since the previous run"));
    expect(section).toContain("1 added, 1 removed, 2 modified");
    expect(section).toMatch(/\+ <script>alert\(1\)<\/script> \(us-east-1\) · AWS::EC2::SecurityGroup/);
    expect(section).toMatch(/- old-web-alb \(us-east-1\)/);
    expect(section).toMatch(/~ orders-db \(us-east-1\)/);
    expect(section).toContain("multiAZ changed from true to false");
    expect(flat(section)).toContain("ingress tcp/22 from 0.0.0.0/0 added");
    expect(section).toMatch(/NEW\s+HIGH\s+ec2-ssh-restricted\s+web-sg/);
    expect(section).toMatch(/REGRESSED\s+HIGH\s+rds-multi-az\s+orders-db/);
    expect(section).toMatch(/RESOLVED\s+HIGH\s+elb-multi-az\s+old-web-alb/);
    expect(flat(section)).toContain("caused by: ingress tcp/22 from 0.0.0.0/0 added");
    // PERSISTING is counted, not listed.
    expect(section).toContain("and 1 still failing");
    expect(section).not.toContain("PERSISTING");
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

describe("renderDrift", () => {
  it("shows only the drift between two snapshots, within the width", () => {
    const text = renderDrift(drift, { color: false, width: 60 });
    expect(lines(text)[0]).toBe("DRIFT: 1 added, 1 removed, 2 modified");
    expect(flat(text)).toContain("multiAZ changed from true to false");
    expect(widest(text).width).toBeLessThanOrEqual(60);
    expect(renderDrift({ added: [], removed: [], modified: [] }, { color: false })).toContain("no resource changed");
  });
});
