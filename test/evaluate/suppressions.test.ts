import { describe, expect, it } from "@jest/globals";
import { applySuppressions } from "../../src/evaluate/suppressions.js";
import type { Finding } from "../../src/types/finding.js";

function finding(ruleId: string, id: string, status: Finding["status"] = "FAIL", tags: Record<string, string> = {}): Finding {
  return {
    id: `${ruleId}:${id}`,
    ruleId,
    status,
    severity: "high",
    resource: { type: "AWS::EC2::SecurityGroup", id, arn: `arn:aws:ec2:us-east-1:111122223333:security-group/${id}`, region: "us-east-1", accountId: "111122223333", tags },
    reason: "SSH port 22 open to the internet",
    evidence: { attachmentCount: 1 },
  };
}

const now = new Date("2026-11-22T12:00:00Z");

describe("suppressions", () => {
  it("marks matching failures SUPPRESSED with the reason, never dropping them", () => {
    const { findings } = applySuppressions(
      [finding("ec2-ssh-restricted", "sg-01"), finding("ec2-ssh-restricted", "sg-02")],
      [{ rule: "ec2-ssh-*", resource: "sg-01", reason: "bastion until VPN", owner: "platform" }],
      now,
    );
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ status: "SUPPRESSED", suppression: { reason: "bastion until VPN", owner: "platform" }, evidence: { attachmentCount: 1 }, lifecycle: { suppressedStatus: "FAIL" } });
    expect(findings[1]!.status).toBe("FAIL");
  });

  it("matches ARNs, regular expressions, accounts, regions and tags", () => {
    const f = finding("ec2-ssh-restricted", "sg-0abc", "FAIL", { env: "dev", team: "web" });
    const match = (entry: object) => applySuppressions([f], [{ reason: "r", ...entry }], now).findings[0]!.status;
    expect(match({ resource: "arn:aws:ec2:*:111122223333:security-group/*" })).toBe("SUPPRESSED");
    expect(match({ resource: "/^sg-0a[a-f]+$/" })).toBe("SUPPRESSED");
    expect(match({ account: "111122223333", region: "us-*" })).toBe("SUPPRESSED");
    expect(match({ tags: { env: "dev" } })).toBe("SUPPRESSED");
    expect(match({ tags: { env: "prod" } })).toBe("FAIL");
    expect(match({ region: "eu-*" })).toBe("FAIL");
    expect(match({ rule: "rds-*" })).toBe("FAIL");
    expect(match({ account: "999999999999" })).toBe("FAIL");
    // A tag the resource does not have never matches, not even "*".
    expect(match({ tags: { owner: "*" } })).toBe("FAIL");
  });

  it("takes a pattern as a regular expression only when it is wholly /…/flags", () => {
    const f = finding("ec2-ssh-restricted", "sg-0abc", "FAIL", { path: ".well-known" });
    const match = (entry: object) => applySuppressions([f], [{ reason: "r", ...entry }], now).findings[0]!.status;
    expect(match({ resource: "/^SG-0ABC$/i" })).toBe("SUPPRESSED");
    // Not starting with "/", or with more than flags after the closing one: a glob, which these names do not match.
    expect(match({ resource: "x/^sg-0a.*$/" })).toBe("FAIL");
    expect(match({ resource: "/sg-0abc/-x" })).toBe("FAIL");
    expect(match({ resource: "/sg-0abc/0" })).toBe("FAIL");
    // Globs match values that start with a dot.
    expect(match({ tags: { path: "*" } })).toBe("SUPPRESSED");
  });

  it("stops applying after the expiry day and says so in the evidence", () => {
    const f = finding("ec2-ssh-restricted", "sg-01");
    const entry = { rule: "ec2-ssh-restricted", reason: "until the migration", expires: "2026-11-21" };
    const expired = applySuppressions([f], [entry], now);
    expect(expired.findings[0]).toMatchObject({ status: "FAIL", evidence: { suppressionExpired: "suppression expired on 2026-11-21: until the migration" } });
    expect(expired.unused).toEqual([]);
    const lastDay = applySuppressions([f], [{ ...entry, expires: "2026-11-22" }], now);
    expect(lastDay.findings[0]).toMatchObject({ status: "SUPPRESSED", suppression: { reason: "until the migration", expires: "2026-11-22" } });
  });

  it("ends at midnight UTC, whatever the zone the auditor runs in", () => {
    // The suite runs far from UTC (jest.config.js): both instants fall on one local day, 2027-01-01 in UTC+14
    // (npm test) and 2026-12-31 in Los Angeles (test:dates), so reading the local date gets one of them wrong.
    expect(new Date("2026-12-31T23:30:00Z").getDate()).toBe(new Date("2027-01-01T00:30:00Z").getDate());
    const f = finding("ec2-ssh-restricted", "sg-01");
    const entry = { rule: "ec2-ssh-restricted", reason: "until the migration", expires: "2026-12-31" };
    const status = (at: string) => applySuppressions([f], [entry], new Date(at)).findings[0]!.status;
    expect(status("2026-12-31T23:30:00Z")).toBe("SUPPRESSED");
    expect(status("2027-01-01T00:30:00Z")).toBe("FAIL");
  });

  it("lists suppressions that match no failing finding as unused", () => {
    const { unused } = applySuppressions(
      [finding("ec2-ssh-restricted", "sg-01"), finding("rds-multi-az", "db-1", "PASS")],
      [{ rule: "ec2-ssh-restricted", reason: "used" }, { rule: "rds-multi-az", reason: "only passes" }, { resource: "sg-gone", reason: "stale" }],
      now,
    );
    // With the patterns the entry was written with, so it can be found in the config.
    expect(unused).toEqual([{ index: 1, reason: "only passes", rule: "rds-multi-az" }, { index: 2, reason: "stale", resource: "sg-gone" }]);
    const [tagged] = applySuppressions([], [{ account: "1111*", region: "eu-*", tags: { env: "staging" }, reason: "staging" }], now).unused;
    expect(tagged).toEqual({ index: 0, reason: "staging", account: "1111*", region: "eu-*", tags: { env: "staging" } });
  });
});
