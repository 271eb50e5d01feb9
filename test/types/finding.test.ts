import { describe, expect, it } from "@jest/globals";
import type { Finding } from "../../src/types/finding.js";
import { isGone, isStale, legacyEvidence, rankWithSeverity, SEVERITIES, seenFinding, upgradeStoredFinding } from "../../src/types/finding.js";

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

/** The finding without the field `key` (not even as undefined). */
function without(f: Finding, key: keyof Finding): Finding {
  const copy = { ...f };
  delete copy[key];
  return copy;
}

describe("seenFinding", () => {
  const first = "2026-11-01T02:00:00.000Z";
  const last = "2026-11-02T02:00:00.000Z";
  // Evaluated findings (with and without evidence), and findings that carry more: each keeps every field, in its order, with the two times.
  const cases: [string, Finding][] = [
    ["an evaluated finding", finding({})],
    ["one with evidence", finding({ evidence: { multiAZ: false } })],
    ["one with a suppression", finding({ status: "SUPPRESSED", suppression: { reason: "accepted", expires: "2027-01-01" }, lifecycle: { suppressedStatus: "FAIL" } } as Partial<Finding>)],
    ["one seen before", finding({ firstSeen: "2026-10-01T02:00:00.000Z", lastSeen: "2026-10-02T02:00:00.000Z" })],
    ["one with evidence of no value", finding({ evidence: undefined })],
    ["one with a field findings do not have", { ...finding({}), note: "kept" } as unknown as Finding],
    ["one with a field of its own in place of its evidence", { ...finding({}), note: "kept" } as unknown as Finding],
    ["one with a field of its own in place of its reason", { ...without(finding({ evidence: { multiAZ: false } }), "reason"), note: "kept" } as unknown as Finding],
    ["one with evidence of no value and no reason", without(finding({ evidence: undefined }), "reason")],
    ["one with a field it has only by inheritance", Object.assign(Object.create({ note: "inherited" }), finding({})) as Finding],
    ["one with evidence it has only by inheritance", Object.assign(Object.create({ evidence: { multiAZ: false } }), finding({})) as Finding],
  ];
  it.each(cases)("%s: as a spread with firstSeen and lastSeen would be", (_, f) => {
    const seen = seenFinding(f, first, last);
    const spread = { ...f, firstSeen: first, lastSeen: last };
    expect(seen).toStrictEqual(spread);
    expect(Object.keys(seen)).toEqual(Object.keys(spread));
    expect(seen).not.toBe(f);
    expect(f.lastSeen).not.toBe(last);
  });
});

describe("rankWithSeverity", () => {
  it("orders by the first place, then from the most severe, one of a severity no version knows first", () => {
    const severities = ["unheard-of", ...SEVERITIES] as Finding["severity"][];
    const ranks = [0, 1, 2].flatMap((first) => severities.map((severity) => rankWithSeverity(first, severity)));
    // Every pair in that order ranks in that order: strictly increasing, no two the same.
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(ranks.length);
  });
});
