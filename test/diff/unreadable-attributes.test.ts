/**
 * One malformed item among good ones, from the collector's response to the
 * recorded state: it costs only the verdicts of the rules that read the
 * missing field, and nothing about it is reported resolved, removed or changed.
 */
import { beforeEach, describe, expect, it } from "@jest/globals";
import { DescribeLoadBalancerAttributesCommand, DescribeLoadBalancersCommand, DescribeTagsCommand, ElasticLoadBalancingClient } from "@aws-sdk/client-elastic-load-balancing";
import type { HealthCheck, LoadBalancerDescription } from "@aws-sdk/client-elastic-load-balancing";
import { mockClient } from "aws-sdk-client-mock";
import { allRules } from "../../rules/index.js";
import { elbCollector } from "../../src/collect/elb/classic.js";
import { carryForward } from "../../src/diff/carry-forward.js";
import { compareRuns } from "../../src/diff/compare-runs.js";
import { evaluateSnapshot, withDefaults } from "../../src/evaluate/evaluate.js";
import { buildReport } from "../../src/publish/report/build-report.js";
import type { Snapshot } from "../../src/types/resource.js";
import { collectWith } from "../support/collect.js";

const elb = mockClient(ElasticLoadBalancingClient);
const rules = withDefaults(allRules);

// DescribeLoadBalancers items as AWS documents them; "legacy-web" probes every 5 minutes (a FAIL).
const loadBalancer = (name: string, interval: number | undefined): LoadBalancerDescription => ({
  LoadBalancerName: name,
  DNSName: `${name}-1234567890.us-east-1.elb.amazonaws.com`,
  ListenerDescriptions: [{ Listener: { Protocol: "HTTP", LoadBalancerPort: 80, InstanceProtocol: "HTTP", InstancePort: 80 }, PolicyNames: [] }],
  AvailabilityZones: ["us-east-1a", "us-east-1b"],
  Subnets: ["subnet-0a000000000000001", "subnet-0b000000000000002"],
  VPCId: "vpc-0a1b2c3d4e5f60001",
  Instances: [{ InstanceId: "i-0a00000000000001" }],
  // A response without Interval is off the documented shape: that is the malformed item under test.
  HealthCheck: { Target: "HTTP:80/health", ...(interval !== undefined && { Interval: interval }), Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 } as HealthCheck,
  SecurityGroups: ["sg-0c00000000000e1b1"],
  Scheme: "internet-facing",
});

async function night(items: LoadBalancerDescription[]): Promise<Snapshot> {
  elb.reset();
  elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancerDescriptions: items });
  elb.on(DescribeLoadBalancerAttributesCommand).resolves({ LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } } });
  elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [] });
  return collectWith([elbCollector]);
}

const verdicts = (findings: { ruleId: string; resource: { id: string }; status: string }[]) =>
  Object.fromEntries(findings.map((f) => [`${f.resource.id} ${f.ruleId}`, f.status]));

describe("a classic load balancer whose HealthCheck.Interval is missing, among three", () => {
  let first: Snapshot;
  let second: Snapshot;
  beforeEach(async () => {
    first = await night([loadBalancer("legacy-web", 300), loadBalancer("site-a", 30), loadBalancer("site-b", 30)]);
    second = await night([loadBalancer("legacy-web", undefined), loadBalancer("site-a", 30), loadBalancer("site-b", 30)]);
  });

  it("judges the other two by every rule, and it by every rule that does not read its health check", () => {
    const before = verdicts(evaluateSnapshot(first, rules));
    const after = verdicts(evaluateSnapshot(second, rules));
    expect(before["legacy-web elb-health-check-configured"]).toBe("FAIL");
    expect(after["legacy-web elb-health-check-configured"]).toBe("ERROR");
    // Every other verdict is the same as on the night everything was read.
    const others = (v: Record<string, string>) => Object.fromEntries(Object.entries(v).filter(([key]) => key !== "legacy-web elb-health-check-configured"));
    expect(others(after)).toEqual(others(before));
    expect(Object.keys(others(after)).filter((key) => key.startsWith("legacy-web ")).length).toBeGreaterThanOrEqual(2);
    const error = evaluateSnapshot(second, rules).find((f) => f.resource.id === "legacy-web" && f.ruleId === "elb-health-check-configured")!;
    expect(error.reason).toBe("could not evaluate: HealthCheck.Interval missing");
  });

  it("is a partial run for that resource only: no RESOLVED, no removal, no drift, and its last known health check is kept", () => {
    const previous = { snapshot: first, findings: compareRuns({ snapshot: first, findings: evaluateSnapshot(first, rules), now: first.takenAt }).findings };
    const comparison = compareRuns({ previous, snapshot: second, findings: evaluateSnapshot(second, rules), now: "2026-11-02T02:00:00.000Z" });
    expect(second.errors).toEqual([expect.objectContaining({ code: "MalformedResponse", resourceIds: ["legacy-web"], message: expect.stringContaining("HealthCheck.Interval") })]);
    expect(comparison.transitions.filter((t) => t.kind !== "PERSISTING")).toEqual([]);
    expect(comparison.drift).toEqual({ added: [], removed: [], modified: [] });
    const kept = comparison.findings.find((f) => f.resource.id === "legacy-web" && f.ruleId === "elb-health-check-configured")!;
    expect(kept).toMatchObject({ status: "FAIL", lifecycle: { stale: { reason: "could not evaluate: HealthCheck.Interval missing" } } });

    const stored = carryForward(first, second).resources.find((r) => r.id === "legacy-web")!;
    expect(stored.attributes.healthCheck).toEqual(first.resources.find((r) => r.id === "legacy-web")!.attributes.healthCheck);
    expect(stored).not.toHaveProperty("unreadable");

    const report = buildReport({ runId: "run-2", snapshot: second, findings: comparison.findings, startedAt: second.takenAt, finishedAt: second.takenAt, transitions: comparison.transitions, unusedSuppressions: [] });
    expect(report.run.status).toBe("partial");
  });
});
