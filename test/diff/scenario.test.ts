/** Two runs of one account through evaluate and the diff stage, as the audit pipeline chains them. */
import { describe, expect, it } from "@jest/globals";
import { carryForward } from "../../src/diff/carry-forward.js";
import { compareRuns } from "../../src/diff/compare-runs.js";
import type { Snapshot } from "../../src/types/resource.js";
import { accountA, accountB, evaluate, ids, rdsAccessDenied, snapshotOf } from "./account-fixture.js";

const T1 = "2026-11-01T02:00:00.000Z";
const T2 = "2026-11-02T02:00:00.000Z";
const T3 = "2026-11-03T02:00:00.000Z";

function firstRun(snapshot: Snapshot) {
  return compareRuns({ snapshot, findings: evaluate(snapshot), now: T1 });
}

describe("run A, then run B", () => {
  const a = accountA();
  const runA = firstRun(a);

  it("has no drift on the first run and reports its failures as NEW", () => {
    expect(runA.drift).toBeUndefined();
    expect(runA.transitions.map((t) => [t.kind, t.ruleId, t.resource.id])).toEqual([
      ["NEW", "asg-multi-az", ids.batchAsg],
      ["NEW", "rds-multi-az", ids.dbReporting],
    ]);
  });

  it("finds exactly the four drifts and their transitions", () => {
    const b = accountB();
    const runB = compareRuns({ previous: { snapshot: a, findings: runA.findings }, snapshot: b, findings: evaluate(b), now: T2 });
    expect(runB.drift).toEqual({
      added: [expect.objectContaining({ type: "AWS::CloudFront::Distribution", id: ids.assets })],
      removed: [expect.objectContaining({ type: "AWS::AutoScaling::AutoScalingGroup", id: ids.batchAsg })],
      modified: [
        {
          resource: expect.objectContaining({ type: "AWS::EC2::SecurityGroup", id: ids.app }),
          changes: [{ path: "attributes.ingress", after: { protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" } }],
        },
        {
          resource: expect.objectContaining({ type: "AWS::RDS::DBInstance", id: ids.dbMain }),
          changes: [
            { path: "attributes.multiAZ", before: true, after: false },
            { path: "attributes.secondaryAvailabilityZone", before: "us-east-1b" },
          ],
        },
      ],
    });
    expect(runB.transitions.map((t) => [t.kind, t.ruleId, t.resource.id, t.explanation])).toEqual([
      ["NEW", "cloudfront-https-only", ids.assets, "resource created"],
      // The app group passed in run A, so opening SSH is a regression, explained by the drift that caused it.
      ["REGRESSED", "ec2-ssh-restricted", ids.app, "ingress tcp/22 from 0.0.0.0/0 added"],
      ["REGRESSED", "rds-multi-az", ids.dbMain, 'multiAZ changed from true to false; secondaryAvailabilityZone removed (was "us-east-1b")'],
      ["RESOLVED", "asg-multi-az", ids.batchAsg, "resource deleted"],
      ["PERSISTING", "rds-multi-az", ids.dbReporting, undefined],
    ]);
    expect(runB.gone.map((f) => f.resource.id)).toEqual([ids.batchAsg]);
    expect(runB.findings.find((f) => f.resource.id === ids.dbReporting)).toMatchObject({ firstSeen: T1, lastSeen: T2 });
  });

  describe("when RDS could not be read in run B", () => {
    const b = accountB();
    const partial: Snapshot = { ...b, resources: b.resources.filter((r) => r.type !== "AWS::RDS::DBInstance"), errors: [rdsAccessDenied] };
    const runB = compareRuns({ previous: { snapshot: a, findings: runA.findings }, snapshot: partial, findings: evaluate(partial), now: T2 });

    it("reports no RDS removal, modification or transition, and keeps the RDS findings as they were", () => {
      expect(runB.drift!.removed.map((r) => r.id)).toEqual([ids.batchAsg]);
      expect(runB.drift!.modified.map((m) => m.resource.id)).toEqual([ids.app]);
      expect(runB.transitions.map((t) => [t.kind, t.resource.id])).toEqual([
        ["NEW", ids.assets],
        ["REGRESSED", ids.app],
        ["RESOLVED", ids.batchAsg],
      ]);
      const rds = runB.findings.filter((f) => f.resource.type === "AWS::RDS::DBInstance");
      expect(rds.map((f) => [f.resource.id, f.status, f.lastSeen, f.lifecycle?.stale !== undefined || undefined])).toEqual([
        [ids.dbMain, "PASS", T1, true],
        [ids.dbReporting, "FAIL", T1, true],
      ]);
    });

    it("compares the next complete run with the last RDS state read, so nothing is reported added", () => {
      const stored = carryForward(a, partial);
      const c = snapshotOf(accountB().resources, [], T3);
      const runC = compareRuns({ previous: { snapshot: stored, findings: runB.findings }, snapshot: c, findings: evaluate(c), now: T3 });
      expect(runC.drift!.added).toEqual([]);
      expect(runC.drift!.modified.map((m) => m.resource.id)).toEqual([ids.dbMain]);
      expect(runC.transitions.map((t) => [t.kind, t.resource.id])).toEqual([
        ["REGRESSED", ids.dbMain],
        ["PERSISTING", ids.assets],
        ["PERSISTING", ids.app],
        ["PERSISTING", ids.dbReporting],
      ]);
      expect(runC.findings).not.toHaveLength(0);
      expect(runC.findings.every((f) => f.lifecycle?.stale === undefined)).toBe(true);
    });
  });
});
