import { describe, expect, it } from "@jest/globals";
import { shareRepeatedValues } from "../../../src/publish/store/shared-values.js";
import type { Finding } from "../../../src/types/finding.js";
import { findingId } from "../../../src/evaluate/finding-id.js";

// Findings as a store reads them back: each parsed on its own, so each holds its own copy of everything.
const parsed = (finding: object): Finding => JSON.parse(JSON.stringify(finding)) as Finding;
const resource = { type: "AWS::EC2::Instance", id: "i-0abc", region: "us-east-1", accountId: "111122223333", tags: { env: "prod" }, arn: "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc" };
const idOf = (ruleId: string, r: { id: string } = resource) => findingId(resource.accountId, resource.region, ruleId, resource.type, r.id);
const finding = (ruleId: string, extra: object = {}) => parsed({ id: idOf(ruleId), ruleId, status: "PASS", severity: "medium", resource, reason: "ok", firstSeen: "2026-11-01T02:00:00.000Z", lastSeen: "2026-11-02T02:00:00.000Z", ...extra });

describe("shareRepeatedValues", () => {
  it("gives every finding of a resource one resource object, and changes no finding's JSON", () => {
    const findings = [finding("ec2-imdsv2-required"), finding("ec2-termination-protection"), finding("ec2-detailed-monitoring")];
    const before = JSON.stringify(findings);
    const shared = shareRepeatedValues(findings);
    expect(shared).toBe(findings);
    expect(shared[1]!.resource).toBe(shared[0]!.resource);
    expect(shared[2]!.resource).toBe(shared[0]!.resource);
    expect(JSON.stringify(shared)).toBe(before);
  });

  it("shares no resource between findings that name it differently (a stale finding from before its tags changed)", () => {
    const stale = finding("ec2-imdsv2-required", { resource: { ...resource, tags: { env: "dev" } } });
    const other = finding("ec2-imdsv2-required", { id: idOf("ec2-imdsv2-required", { id: "i-0def" }), resource: { ...resource, id: "i-0def" } });
    const findings = shareRepeatedValues([finding("ec2-termination-protection"), stale, other, finding("ec2-detailed-monitoring")]);
    expect(findings[1]!.resource).not.toBe(findings[0]!.resource);
    expect(findings[1]!.resource.tags).toEqual({ env: "dev" });
    expect(findings[2]!.resource).not.toBe(findings[0]!.resource);
    expect(findings[2]!.resource.id).toBe("i-0def");
    expect(findings[3]!.resource).toBe(findings[0]!.resource);
  });

  it("shares by content, not by id: ids of another form that begin alike name resources of their own", () => {
    const [a, b] = shareRepeatedValues([
      finding("ec2-imdsv2-required", { id: "legacy-finding-of-the-same-prefix-1" }),
      finding("ec2-imdsv2-required", { id: "legacy-finding-of-the-same-prefix-2", resource: { ...resource, id: "i-0def" } }),
    ]);
    expect(b!.resource).not.toBe(a!.resource);
    expect([a!.resource.id, b!.resource.id]).toEqual(["i-0abc", "i-0def"]);
  });

  it("leaves a finding without a resource as it is, for the stages after to judge", () => {
    const broken = { ...finding("ec2-imdsv2-required"), resource: null } as unknown as Finding;
    const { firstSeen: _, ...unseen } = finding("x");
    const findings = shareRepeatedValues([broken, finding("ec2-termination-protection"), unseen]);
    expect(findings[0]!.resource).toBeNull();
    expect(findings[1]!.resource).toEqual(resource);
    // Nor keeps the rest of its resource's findings from sharing one.
    expect(findings[2]!.resource).toBe(findings[1]!.resource);
    expect(findings[2]).not.toHaveProperty("firstSeen");
  });

  it("leaves a finding whose id is not a string as it is, sharing its resource by content alone", () => {
    const odd = { ...finding("ec2-imdsv2-required"), id: 7 } as unknown as Finding;
    const findings = shareRepeatedValues([odd, { ...finding("ec2-termination-protection"), id: 8 } as unknown as Finding]);
    expect(findings.map((f) => f.id)).toEqual([7, 8]);
    expect(findings[1]!.resource).toBe(findings[0]!.resource);
  });
});
