import { describe, expect, it } from "@jest/globals";
import { fail, pass } from "../../../src/evaluate/rule.js";
import { buildReport } from "../../../src/publish/report/build-report.js";
import { FINDING_STATUSES, SEVERITIES, severityRank } from "../../../src/types/finding.js";
import type { Finding } from "../../../src/types/finding.js";
import { sg, tcp } from "../../support/builders.js";
import {
  FINISHED_AT,
  STARTED_AT,
  asgMultiAz,
  auditFindings,
  drift,
  findingOf,
  ordersDb,
  rdsAccessDenied,
  rdsMultiAz,
  rdsNotPublic,
  snapshotOf,
  suppressed,
  transitionsFor,
  webAsg,
} from "./fixtures.js";

function build(findings: Finding[], errors = [rdsAccessDenied]) {
  return buildReport({ runId: "run-1", snapshot: snapshotOf({ errors }), findings, startedAt: STARTED_AT, finishedAt: FINISHED_AT });
}

/** Deterministic shuffle, so a sort that merely keeps input order cannot pass. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 7;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 48271) % 2147483647;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("buildReport", () => {
  it("counts every status and, for FAIL findings only, every severity, with zero keys present", () => {
    const groupA = sg({ ingress: [tcp(22, "0.0.0.0/0")] });
    const groupB = sg({ ingress: [tcp(22, "0.0.0.0/0")] });
    const findings = [
      findingOf(rdsNotPublic, ordersDb, fail("publicly accessible")),
      findingOf(asgMultiAz, webAsg, fail("one Availability Zone")),
      { ...findingOf(asgMultiAz, groupA, fail("one Availability Zone")), severity: "low" as const },
      suppressed(findingOf(rdsMultiAz, ordersDb, fail("MultiAZ is false")), "migration window"),
      findingOf(rdsNotPublic, groupB, pass("not public")),
    ];
    const report = build(findings);
    expect(report.run.counts.byStatus).toEqual({ FAIL: 3, ERROR: 0, SUPPRESSED: 1, PASS: 1, NOT_APPLICABLE: 0 });
    // The suppressed high finding is not a failure; only FAIL findings count by severity.
    expect(report.run.counts.bySeverity).toEqual({ critical: 1, high: 1, medium: 0, low: 1, info: 0 });
    expect(Object.keys(report.run.counts.byStatus).sort()).toEqual([...FINDING_STATUSES].sort());
    expect(Object.keys(report.run.counts.bySeverity).sort()).toEqual([...SEVERITIES].sort());
  });

  it("is partial when the snapshot has collection errors, and keeps those errors", () => {
    const report = build(auditFindings());
    expect(report.run.status).toBe("partial");
    expect(report.errors).toEqual([rdsAccessDenied]);
    expect(build(auditFindings(), []).run.status).toBe("complete");
  });

  it("takes the run's account, regions and times from its inputs", () => {
    const report = build([]);
    expect(report.run).toMatchObject({ id: "run-1", accountId: snapshotOf().accountId, regions: snapshotOf().regions, startedAt: STARTED_AT, finishedAt: FINISHED_AT });
    expect(report.schemaVersion).toBe(1);
  });

  it("sorts by status (FAIL, ERROR, SUPPRESSED, PASS, NOT_APPLICABLE), then severity, rule id and resource id", () => {
    const findings = auditFindings();
    const report = build(shuffled(findings));
    const keys = report.findings.map((f) => [FINDING_STATUSES.indexOf(f.status), severityRank(f.severity), f.ruleId, f.resource.id] as const);
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1]!, keys[i]!];
      const ordered = a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && (a[2] < b[2] || (a[2] === b[2] && a[3] <= b[3])))));
      expect({ at: i, ordered }).toEqual({ at: i, ordered: true });
    }
    expect(report.findings.map((f) => f.status)[0]).toBe("FAIL");
    expect(report.findings.map((f) => f.id).sort()).toEqual(findings.map((f) => f.id).sort());
  });

  it("orders same-status, same-severity findings by rule id, then resource id", () => {
    const a = sg({ id: "sg-0000000000000000a", ingress: [tcp(22, "0.0.0.0/0")] });
    const b = sg({ id: "sg-0000000000000000b", ingress: [tcp(22, "0.0.0.0/0")] });
    const report = build([
      findingOf(rdsMultiAz, b, fail("x")),
      findingOf(asgMultiAz, b, fail("x")),
      findingOf(rdsMultiAz, a, fail("x")),
      findingOf(asgMultiAz, a, fail("x")),
    ]);
    expect(report.findings.map((f) => `${f.ruleId} ${f.resource.id}`)).toEqual([
      `asg-multi-az ${a.id}`,
      `asg-multi-az ${b.id}`,
      `rds-multi-az ${a.id}`,
      `rds-multi-az ${b.id}`,
    ]);
  });

  it("puts every FAIL, of any severity, before every ERROR, and a finding of a severity it does not know before the known ones of its status", () => {
    const group = sg({ id: "sg-0000000000000000a", ingress: [tcp(22, "0.0.0.0/0")] });
    const as = (status: Finding["status"], severity: string) => ({ ...findingOf(rdsMultiAz, group, fail("x")), id: `${status}-${severity}`, status, severity }) as Finding;
    const findings = [as("ERROR", "critical"), as("FAIL", "info"), as("PASS", "critical"), as("FAIL", "critical"), as("ERROR", "info"), as("FAIL", "unheard-of"), as("NOT_APPLICABLE", "critical"), as("ERROR", "unheard-of")];
    expect(build(shuffled(findings)).findings.map((f) => f.id)).toEqual(["FAIL-unheard-of", "FAIL-critical", "FAIL-info", "ERROR-unheard-of", "ERROR-critical", "ERROR-info", "PASS-critical", "NOT_APPLICABLE-critical"]);
  });

  it("does not reorder the caller's array", () => {
    const findings = shuffled(auditFindings());
    const before = findings.map((f) => f.id);
    build(findings);
    expect(findings.map((f) => f.id)).toEqual(before);
  });

  it("includes drift, transitions, unused suppressions and the first-run mark only when given", () => {
    const findings = auditFindings();
    const without = build(findings);
    expect(without).not.toHaveProperty("drift");
    expect(without).not.toHaveProperty("transitions");
    expect(without).not.toHaveProperty("unusedSuppressions");
    expect(without).not.toHaveProperty("firstRun");
    expect(buildReport({ runId: "r", snapshot: snapshotOf(), findings, startedAt: STARTED_AT, finishedAt: FINISHED_AT, transitions: [], firstRun: true }).firstRun).toBe(true);
    const transitions = transitionsFor(findings);
    const unusedSuppressions = [{ index: 0, reason: "old exception" }];
    const withDrift = buildReport({ runId: "r", snapshot: snapshotOf(), findings, startedAt: STARTED_AT, finishedAt: FINISHED_AT, drift, transitions, unusedSuppressions });
    expect(withDrift.drift).toEqual(drift);
    expect(withDrift.transitions).toEqual(transitions);
    expect(withDrift.unusedSuppressions).toEqual(unusedSuppressions);
  });
});

describe("the lifecycle in the JSON report", () => {
  it("is reported as `lifecycle`, and still in evidence under the keys report schema 1 promised", () => {
    const base = findingOf(rdsMultiAz, ordersDb, fail("single-AZ deployment", { multiAZ: false }));
    const stale: Finding = { ...base, lifecycle: { stale: { reason: "rds not fully collected" } } };
    const gone: Finding = { ...base, id: "gone", status: "PASS", reason: "resource no longer exists", lifecycle: { gone: { at: "2026-11-02T02:00:00.000Z" } } };
    const report = build([stale, gone]);
    expect(report.findings.find((f) => f.id === stale.id)).toMatchObject({ lifecycle: stale.lifecycle, evidence: { multiAZ: false, stale: true, staleReason: "rds not fully collected" } });
    expect(report.findings.find((f) => f.id === "gone")).toMatchObject({ lifecycle: gone.lifecycle, evidence: { resourceGone: true, goneAt: "2026-11-02T02:00:00.000Z" } });
    // The finding itself keeps evidence for what the rule saw.
    expect(stale.evidence).toEqual({ multiAZ: false });
  });
});
