import { describe, expect, it } from "@jest/globals";
import type { Finding } from "../../src/types/finding.js";
import { isGone, isStale, legacyEvidence, upgradeStoredFinding } from "../../src/types/finding.js";

const finding = (extra: Partial<Finding>): Finding => ({
  id: "f-1",
  ruleId: "rds-multi-az",
  status: "FAIL",
  severity: "high",
  resource: { type: "AWS::RDS::DBInstance", id: "orders-db", region: "us-east-1", accountId: "111122223333", tags: {} },
  reason: "single-AZ deployment",
  ...extra,
});

describe("a stored finding written before the lifecycle field", () => {
  it("moves stale, gone and suppressed state out of evidence into lifecycle, keeping what the rule saw", () => {
    const stale = upgradeStoredFinding(finding({ evidence: { multiAZ: false, stale: true, staleReason: "rds not read" } }));
    expect(stale).toEqual(finding({ evidence: { multiAZ: false }, lifecycle: { stale: { reason: "rds not read" } } }));
    expect(isStale(stale)).toBe(true);

    const gone = upgradeStoredFinding(finding({ status: "PASS", evidence: { resourceGone: true, goneAt: "2026-11-02T02:00:00.000Z" } }));
    expect(gone).toEqual(finding({ status: "PASS", lifecycle: { gone: { at: "2026-11-02T02:00:00.000Z" } } }));
    expect(isGone(gone)).toBe(true);

    const suppressed = upgradeStoredFinding(finding({ status: "SUPPRESSED", evidence: { suppressedStatus: "FAIL", port: 22 } }));
    expect(suppressed.lifecycle).toEqual({ suppressedStatus: "FAIL" });
    expect(suppressed.evidence).toEqual({ port: 22 });
  });

  it("is left as it is when it has none of those keys; legacyEvidence writes them back as they were", () => {
    const current = finding({ evidence: { multiAZ: false } });
    expect(upgradeStoredFinding(current)).toBe(current);
    expect(legacyEvidence({ stale: { reason: "r" }, gone: { at: "t" }, suppressedStatus: "ERROR" })).toEqual({ stale: true, staleReason: "r", resourceGone: true, goneAt: "t", suppressedStatus: "ERROR" });
  });
});
