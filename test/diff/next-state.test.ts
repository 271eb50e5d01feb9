/**
 * The state a run leaves for the store: one history entry per finding that
 * changed, keeping what the rule saw (evidence), where the pipeline has it
 * (lifecycle) and its transition, each only when there is one; and, for a run
 * of fewer regions, the rest of the account kept as it was.
 */
import { describe, expect, it } from "@jest/globals";
import { nextState } from "../../src/diff/next-state.js";
import { findingId } from "../../src/evaluate/finding-id.js";
import type { Snapshot } from "../../src/types/resource.js";
import { ACCOUNT, REGION, sg, tcp } from "../support/builders.js";
import { dbInstance, evaluate, rdsAccessDenied, snapshotOf } from "./account-fixture.js";

const T1 = "2026-11-01T02:00:00.000Z";
const T2 = "2026-11-02T02:00:00.000Z";
const scope = { regions: [REGION], ruleIds: ["ec2-ssh-restricted", "rds-multi-az"] };
const SG = "AWS::EC2::SecurityGroup";
const sshId = (group: string) => findingId(ACCOUNT, REGION, "ec2-ssh-restricted", SG, group);
const multiAzId = findingId(ACCOUNT, REGION, "rds-multi-az", "AWS::RDS::DBInstance", "orders-db");
const OPEN_SSH = { permissions: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0", summary: "tcp/22 from 0.0.0.0/0" }], attachmentCount: 1, ports: [22] };

const app = (ingress = [tcp(22, "0.0.0.0/0")]) => sg({ id: "sg-0app000000000002", name: "app", ingress });
const web = (ingress = [tcp(443, "0.0.0.0/0")]) => sg({ id: "sg-0web000000000001", name: "web", ingress });

describe("nextState's finding history", () => {
  const night1 = snapshotOf([app(), web(), dbInstance("orders-db")], [], T1);
  const first = nextState({ snapshot: night1, findings: evaluate(night1), scope, runId: "run-1", now: T1 });

  it("records evidence and the transition of a new failure, and neither for a pass", () => {
    expect(first.state.changes.findings.history).toStrictEqual([
      { findingId: sshId("sg-0app000000000002"), runId: "run-1", at: T1, status: "FAIL", severity: "high", reason: "SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0", evidence: OPEN_SSH, transition: "NEW" },
      { findingId: sshId("sg-0web000000000001"), runId: "run-1", at: T1, status: "PASS", severity: "high", reason: "no internet ingress to SSH (tcp 22)" },
      { findingId: multiAzId, runId: "run-1", at: T1, status: "PASS", severity: "high", reason: "Multi-AZ deployment" },
    ]);
  });

  it("records the lifecycle of a finding kept stale, without a transition, and a regression with its evidence", () => {
    // Night 2: RDS denied, and SSH opened on the web group too.
    const night2 = snapshotOf([app(), web([tcp(443, "0.0.0.0/0"), tcp(22, "0.0.0.0/0")])], [rdsAccessDenied], T2);
    const second = nextState({ stored: { snapshot: first.state.snapshot, findings: first.state.findings }, snapshot: night2, findings: evaluate(night2), scope, runId: "run-2", now: T2 });
    expect(second.state.changes.findings.history).toStrictEqual([
      { findingId: sshId("sg-0web000000000001"), runId: "run-2", at: T2, status: "FAIL", severity: "high", reason: "SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0", evidence: OPEN_SSH, transition: "REGRESSED" },
      {
        findingId: multiAzId,
        runId: "run-2",
        at: T2,
        status: "PASS",
        severity: "high",
        reason: "Multi-AZ deployment",
        lifecycle: { stale: { reason: "AWS::RDS::DBInstance in us-east-1 not fully collected in this run (rds DescribeDBInstances: AccessDenied)" } },
      },
    ]);
  });
});

describe("nextState for a run of fewer regions than the last", () => {
  const EU = "eu-west-1";
  const euGroup = { ...sg({ id: "sg-0eu0000000000003", name: "eu-app", ingress: [tcp(22, "0.0.0.0/0")] }), region: EU, arn: `arn:aws:ec2:${EU}:${ACCOUNT}:security-group/sg-0eu0000000000003` };
  const bothRegions: Snapshot = { ...snapshotOf([euGroup, web(), dbInstance("orders-db")], [], T1), regions: [REGION, EU] };
  const first = nextState({ snapshot: bothRegions, findings: evaluate(bothRegions), scope: { ...scope, regions: [REGION, EU] }, runId: "run-1", now: T1 });

  it("keeps the other region's resources (noting when they were read) and region, in resource order, and reports no drift there", () => {
    const usOnly = snapshotOf([web(), dbInstance("orders-db")], [], T2);
    const second = nextState({ stored: { snapshot: first.state.snapshot, findings: first.state.findings }, snapshot: usOnly, findings: evaluate(usOnly), scope, runId: "run-2", now: T2 });
    expect(second.drift).toEqual({ added: [], removed: [], modified: [] });
    expect(second.transitions).toEqual([]);
    expect(second.state.snapshot).toEqual({ ...usOnly, regions: [REGION, EU], resources: [{ ...euGroup, observedAt: T1 }, web(), dbInstance("orders-db")] });
    expect(second.state.findings.map((f) => [f.resource.region, f.resource.id, f.status, f.lastSeen])).toEqual([
      [REGION, "sg-0web000000000001", "PASS", T2],
      [REGION, "orders-db", "PASS", T2],
      [EU, "sg-0eu0000000000003", "FAIL", T1],
    ]);
  });
});
