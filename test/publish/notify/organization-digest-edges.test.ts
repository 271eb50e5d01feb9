/** The organization digest at its edges: a resource id or a line exactly at its limit, and accounts told apart by their failing findings below critical. */
import { describe, expect, it } from "@jest/globals";
import type { AccountOutcome } from "../../../src/publish/notify/organization-digest.js";
import { buildOrganizationDigest, changeLine } from "../../../src/publish/notify/organization-digest.js";

describe("changeLine at its limits", () => {
  // "[HIGH] NEW s3-bucket-public-access-blocked " (43) and " us-east-1" (10) leave the id 27 of the line's 80 characters.
  const bucket = (id: string) => ({ type: "AWS::S3::Bucket" as const, id, region: "us-east-1" });
  const line = (id: string) => changeLine({ kind: "NEW", severity: "high", ruleId: "s3-bucket-public-access-blocked", resource: bucket(id) });

  it("keeps an id that fits exactly, and shortens one a character longer from its start", () => {
    expect(line("acme-invoices-production-eu")).toBe("[HIGH] NEW s3-bucket-public-access-blocked acme-invoices-production-eu us-east-1");
    expect(line("acme-invoices-production-eu")).toHaveLength(80);
    expect(line("acme-invoices-prod-eu-west-1")).toBe("[HIGH] NEW s3-bucket-public-access-blocked …me-invoices-prod-eu-west-1 us-east-1");
    expect(line("acme-invoices-prod-eu-west-1")).toHaveLength(80);
  });

  it("keeps a line of exactly 100 characters whole", () => {
    const ruleId = "acme-ec2-instance-metadata-service-v2-required-on-launch-templates";
    const whole = changeLine({ kind: "NEW", severity: "low", ruleId, resource: { type: "AWS::EC2::Instance", id: "i-0123456789abcdef0", region: "eu-north-1" } });
    expect(whole).toBe(`[LOW] NEW ${ruleId} …6789abcdef0 eu-north-1`);
    expect(whole).toHaveLength(100);
  });
});

describe("accounts with changes as severe and as many", () => {
  const account = (id: string, failing: AccountOutcome["failing"]): AccountOutcome => ({
    account: { id },
    status: "complete",
    failing,
    changes: { new: 1, regressed: 0, resolved: 0 },
    highest: "high",
    errors: 0,
  });
  const order = (accounts: AccountOutcome[]) => {
    const body = buildOrganizationDigest({ runId: "scheduled-night-7", accounts, skipped: [] }, "medium")!.body;
    return [...body.slice(body.indexOf("ACCOUNTS WITH CHANGES")).matchAll(/^(\d{12})$/gm)].map((m) => m[1]);
  };

  it("come the most failing first at the first severity where they differ, below critical too", () => {
    const few = account("100000000001", { critical: 1, high: 1, low: 40 });
    const many = account("100000000002", { critical: 1, high: 5 });
    expect(order([few, many])).toEqual(["100000000002", "100000000001"]);
    expect(order([many, few])).toEqual(["100000000002", "100000000001"]);
    const mediumOnly = account("100000000003", { high: 5, medium: 2 });
    const lowOnly = account("100000000004", { high: 5, low: 9 });
    expect(order([lowOnly, mediumOnly])).toEqual(["100000000003", "100000000004"]);
  });

  it("come by id when they fail alike", () => {
    expect(order([account("100000000009", { high: 2 }), account("100000000005", { high: 2 })])).toEqual(["100000000005", "100000000009"]);
  });
});
