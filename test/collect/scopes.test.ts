/**
 * Collector scopes: an account-wide list with regional resources (as S3's
 * ListBuckets is) is read once and speaks for every audited region, so that
 * its failure never reports a resource of any region removed or resolved.
 */
import { describe, expect, it } from "@jest/globals";
import { defineCollector } from "../../src/collect/collector.js";
import { nextState } from "../../src/diff/next-state.js";
import type { ResourceRecord, Snapshot } from "../../src/types/resource.js";
import { ACCOUNT, record } from "../support/builders.js";
import { accessDenied, collectWith } from "../support/collect.js";

const TYPE = "AWS::EC2::VPC";
const REGIONS = ["eu-west-1", "us-west-2"];
const vpc = (id: string, region: string) => record(TYPE, id, { cidrBlock: "10.0.0.0/16" }, { region });

/** An account-wide list answering with these records, or failing as AWS does when the permission is missing. */
function accountWideList(answer: ResourceRecord[] | "denied") {
  const signedIn: string[] = [];
  const collector = defineCollector({
    service: "accountwide",
    scope: "account",
    resourceTypes: [TYPE],
    permissions: [],
    createClient: () => ({ send: async () => ({}) }),
    async collect(ctx) {
      signedIn.push(ctx.region);
      const listed = await ctx.attempt("ListEverything", [TYPE], async () => {
        if (answer === "denied") throw accessDenied("ListEverything");
        return answer;
      });
      return listed ?? [];
    },
  });
  return { collector, signedIn };
}

describe("an account-wide collector", () => {
  it("is read once, and keeps the records of the audited regions only", async () => {
    const { collector, signedIn } = accountWideList([vpc("vpc-a", "eu-west-1"), vpc("vpc-b", "us-west-2"), vpc("vpc-c", "ap-south-1")]);
    const snapshot = await collectWith([collector], REGIONS);
    expect(signedIn).toEqual(["us-east-1"]);
    expect(snapshot.resources.map((r) => [r.id, r.region])).toEqual([["vpc-a", "eu-west-1"], ["vpc-b", "us-west-2"]]);
    expect(snapshot.errors).toEqual([]);
  });

  it("that fails leaves every audited region incomplete: nothing of any region is removed, and the stored records stand", async () => {
    const { collector } = accountWideList("denied");
    const snapshot = await collectWith([collector], REGIONS);
    expect(snapshot.errors.map((e) => [e.region, e.operation, e.code, e.resourceTypes])).toEqual([
      ["eu-west-1", "ListEverything", "AccessDenied", [TYPE]],
      ["us-west-2", "ListEverything", "AccessDenied", [TYPE]],
    ]);
    const stored: Snapshot = { ...snapshot, takenAt: "2026-10-31T02:00:00.000Z", errors: [], resources: [vpc("vpc-a", "eu-west-1"), vpc("vpc-b", "us-west-2")] };
    const outcome = nextState({ stored: { snapshot: stored, findings: [] }, snapshot, findings: [], scope: { regions: REGIONS, ruleIds: [] }, runId: "run-2", now: snapshot.takenAt });
    expect(outcome.drift).toEqual({ added: [], removed: [], modified: [] });
    // Kept as they were, noting when they were read: rewritten for that, none deleted.
    expect(outcome.state.snapshot.resources.map((r) => [r.id, r.observedAt])).toEqual([
      ["vpc-a", stored.takenAt],
      ["vpc-b", stored.takenAt],
    ]);
    expect(outcome.state.changes.resources).toEqual({ put: outcome.state.snapshot.resources, deleteKeys: [] });
    expect(snapshot.accountId).toBe(ACCOUNT);
  });
});
