import { describe, expect, it } from "@jest/globals";
import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import sshRestricted from "../../../rules/ec2/ec2-ssh-restricted.js";
import { evaluateSnapshot } from "../../../src/evaluate/evaluate.js";
import { defaultParams } from "../../../src/evaluate/rule.js";
import { ASFF_SCHEMA_VERSION, asffId, goneFindingIds, toAsff } from "../../../src/publish/report/asff.js";
import { buildReport } from "../../../src/publish/report/build-report.js";
import type { Finding } from "../../../src/types/finding.js";
import type { ResourceType } from "../../../src/types/resource.js";
import {
  ACCOUNT,
  OTHER_REGION,
  REGION,
  auditReport,
  drift,
  hostileSg,
  longNameSg,
  ordersDb,
  rdsMultiAz,
  rdsNotPublic,
  reportingDb,
  rules,
  siteDistribution,
  snapshotOf,
  webAsg,
  webSg,
} from "./fixtures.js";

/** The fields BatchImportFindings requires of every finding (AwsSecurityFinding API reference). */
const REQUIRED = ["SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types", "CreatedAt", "UpdatedAt", "Severity", "Title", "Description", "Resources"] as const;

function byResource(findings: AwsSecurityFinding[], ruleId: string, resourceId: string): AwsSecurityFinding {
  return findings.find((f) => f.ProductFields?.["driftwarden/ruleId"] === ruleId && f.Resources?.some((r) => r.Id?.endsWith(resourceId)))!;
}

describe("toAsff", () => {
  const report = auditReport();
  const findings = toAsff(report, { rules });

  it("gives the same Ids to two builds of the same snapshot, whatever the run", () => {
    const build = (runId: string, startedAt: string) => {
      const evaluated = evaluateSnapshot(snapshotOf(), [{ rule: sshRestricted, params: defaultParams(sshRestricted) }]);
      return toAsff(buildReport({ runId, snapshot: snapshotOf(), findings: evaluated.reverse(), startedAt, finishedAt: startedAt }), { rules });
    };
    const first = build("run-a", "2026-11-01T02:00:00.000Z");
    const second = build("run-b", "2026-11-02T02:00:00.000Z");
    const ids = first.map((f) => f.Id).sort();
    expect(ids.length).toBeGreaterThan(1);
    expect(second.map((f) => f.Id).sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.map((f) => f.UpdatedAt)).not.toEqual(second.map((f) => f.UpdatedAt));
  });

  it("derives Id from the finding id, and one finding per report finding plus resources gone", () => {
    expect(findings.slice(0, report.findings.length).map((f) => f.Id)).toEqual(report.findings.map((f) => `driftwarden/${f.id}`));
    expect(findings).toHaveLength(report.findings.length + 1);
  });

  it("fills every required field, within Security Hub's limits", () => {
    for (const finding of findings) {
      for (const field of REQUIRED) expect({ field, present: finding[field] !== undefined && finding[field] !== "" }).toEqual({ field, present: true });
      expect(finding.SchemaVersion).toBe(ASFF_SCHEMA_VERSION);
      expect(finding.AwsAccountId).toMatch(/^\d{12}$/);
      expect(finding.Types).toEqual(["Software and Configuration Checks/AWS Security Best Practices"]);
      expect(finding.Title!.length).toBeLessThanOrEqual(256);
      expect(finding.Description!.length).toBeLessThanOrEqual(1024);
      expect(finding.Resources!.length).toBeGreaterThan(0);
      expect(finding.Resources![0]!.Type).toBeTruthy();
      expect(finding.Resources![0]!.Id).toBeTruthy();
      expect(finding.Severity!.Label).toMatch(/^(CRITICAL|HIGH|MEDIUM|LOW|INFORMATIONAL)$/);
      expect(finding.FindingProviderFields!.Severity!.Label).toBe(finding.Severity!.Label);
      expect(finding.RecordState).toMatch(/^(ACTIVE|ARCHIVED)$/);
    }
  });

  it("fills a finding from its rule and resource", () => {
    const orders = byResource(findings, rdsNotPublic.id, ordersDb.id);
    const finding = report.findings.find((f) => f.ruleId === rdsNotPublic.id && f.resource.id === ordersDb.id)!;
    expect(orders).toMatchObject({
      Id: asffId(finding.id),
      ProductArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
      GeneratorId: "driftwarden/rds-not-public",
      AwsAccountId: ACCOUNT,
      CreatedAt: finding.firstSeen,
      FirstObservedAt: finding.firstSeen,
      LastObservedAt: finding.lastSeen,
      UpdatedAt: report.run.finishedAt,
      Severity: { Label: "CRITICAL", Original: "critical" },
      Title: rdsNotPublic.title,
      Description: finding.reason,
      Remediation: { Recommendation: { Text: rdsNotPublic.remediation } },
      Resources: [{ Type: "AwsRdsDbInstance", Id: ordersDb.arn, Partition: "aws", Region: REGION, Tags: { env: "prod" } }],
      Compliance: { Status: "FAILED" },
      Workflow: { Status: "NEW" },
      RecordState: "ACTIVE",
    });
    expect(orders.ProductFields).toMatchObject({ "driftwarden/ruleId": "rds-not-public", "driftwarden/status": "FAIL", "driftwarden/resourceType": "AWS::RDS::DBInstance", "driftwarden/securityHubControl": "RDS.2" });
    expect(JSON.parse(orders.ProductFields!["driftwarden/evidence"]!)).toEqual(finding.evidence);
  });

  it("falls back to the run's start when a finding has no firstSeen", () => {
    const fresh = buildReport({ runId: "r", snapshot: snapshotOf(), findings: report.findings.map(({ firstSeen: _f, lastSeen: _l, ...f }) => f as Finding), startedAt: "2026-11-03T02:00:00.000Z", finishedAt: "2026-11-03T02:01:00.000Z" });
    const [first] = toAsff(fresh, { rules });
    expect(first!.CreatedAt).toBe("2026-11-03T02:00:00.000Z");
  });

  it("names resource types as Security Hub does, and Other where it has none", () => {
    const typeOf = (type: ResourceType) => findings.find((f) => f.ProductFields?.["driftwarden/resourceType"] === type)?.Resources?.[0]?.Type;
    expect(typeOf("AWS::EC2::SecurityGroup")).toBe("AwsEc2SecurityGroup");
    expect(typeOf("AWS::RDS::DBInstance")).toBe("AwsRdsDbInstance");
    expect(typeOf("AWS::AutoScaling::AutoScalingGroup")).toBe("AwsAutoScalingAutoScalingGroup");
    expect(typeOf("AWS::CloudFront::Distribution")).toBe("AwsCloudFrontDistribution");
    expect(typeOf("AWS::ElasticLoadBalancingV2::LoadBalancer")).toBe("AwsElbv2LoadBalancer");
    const record = { ...report.findings[0]!, resource: { ...report.findings[0]!.resource, type: "AWS::Route53::RecordSet" as const, arn: undefined, id: "Z0123456789ABC/www.example.com./A" } };
    const [other] = toAsff({ ...report, findings: [record], transitions: [] }, { rules });
    expect(other!.Resources).toEqual([{ Type: "Other", Id: "Z0123456789ABC/www.example.com./A", Region: REGION, Tags: record.resource.tags }]);
  });

  it("maps each status to Security Hub's compliance, workflow and record states", () => {
    const state = (f: AwsSecurityFinding) => [f.Compliance?.Status, f.Workflow?.Status, f.RecordState, f.Severity?.Label];
    expect(state(byResource(findings, rdsMultiAz.id, ordersDb.id))).toEqual(["FAILED", "NEW", "ACTIVE", "HIGH"]);
    expect(state(byResource(findings, rdsNotPublic.id, reportingDb.id))).toEqual(["PASSED", "RESOLVED", "ACTIVE", "INFORMATIONAL"]);
    expect(state(byResource(findings, rdsMultiAz.id, reportingDb.id))).toEqual(["NOT_AVAILABLE", "NEW", "ACTIVE", "HIGH"]);
    const suppressed = byResource(findings, sshRestricted.id, longNameSg.id);
    expect(state(suppressed)).toEqual(["FAILED", "SUPPRESSED", "ACTIVE", "HIGH"]);
    expect(suppressed.Description).toContain("(suppressed: partner VPN range migration tracked in PAY-1432, until 2026-12-31)");
    const na = { ...report.findings[0]!, status: "NOT_APPLICABLE" as const };
    expect(state(toAsff({ ...report, findings: [na], transitions: [] }, { rules })[0]!)).toEqual(["NOT_AVAILABLE", "RESOLVED", "ARCHIVED", "INFORMATIONAL"]);
  });

  it("reports a finding whose resource is gone as passed, and lists it for archiving", () => {
    const gone = report.transitions!.find((t) => t.kind === "RESOLVED")!;
    const finding = findings.find((f) => f.Id === asffId(gone.findingId))!;
    expect(finding).toMatchObject({
      Compliance: { Status: "PASSED" },
      Description: "the resource no longer exists",
      Resources: [{ Type: "AwsElbv2LoadBalancer", Id: drift.removed[0]!.arn, Region: REGION }],
      Title: "elb-multi-az",
    });
    expect(goneFindingIds(report)).toEqual([asffId(gone.findingId)]);
  });

  it("cuts Description to 1024 and the recommendation to 512 characters", () => {
    const long = { ...report.findings[0]!, reason: "x".repeat(5000) };
    const longRules = rules.map((r) => (r.id === long.ruleId ? { ...r, remediation: "y".repeat(3000), title: "z".repeat(400) } : r));
    const [finding] = toAsff({ ...report, findings: [long], transitions: [] }, { rules: longRules });
    expect(finding!.Description).toHaveLength(1024);
    expect(finding!.Description!.endsWith("…")).toBe(true);
    expect(finding!.Remediation!.Recommendation!.Text).toHaveLength(512);
    expect(finding!.Title).toHaveLength(256);
  });

  it("takes a product ARN and generator prefix from the options, and the product's region from the resource by default", () => {
    const productArn = `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`;
    const custom = toAsff(report, { rules, productArn, generatorPrefix: "driftwarden-prod" });
    expect(new Set(custom.map((f) => f.ProductArn))).toEqual(new Set([productArn]));
    expect(custom).not.toHaveLength(0);
    expect(custom.every((f) => f.GeneratorId!.startsWith("driftwarden-prod/"))).toBe(true);
    expect(byResource(findings, rdsMultiAz.id, reportingDb.id).ProductArn).toBe(`arn:aws:securityhub:${OTHER_REGION}:${ACCOUNT}:product/${ACCOUNT}/default`);
  });

  it("keeps tags as they are, markup included (Security Hub stores strings)", () => {
    expect(byResource(findings, sshRestricted.id, hostileSg.id).Resources![0]!.Tags).toEqual(hostileSg.tags);
    expect(byResource(findings, sshRestricted.id, webSg.id).Resources![0]!.Tags).toBeUndefined();
    expect(byResource(findings, "asg-multi-az", webAsg.id).Resources![0]!.Type).toBe("AwsAutoScalingAutoScalingGroup");
    expect(byResource(findings, "cloudfront-https-only", siteDistribution.id).ProductArn).toContain(":us-east-1:");
  });

  it("uses the rule id as title when no rule metadata is given", () => {
    expect(toAsff(report)[0]!.Title).toBe(report.findings[0]!.ruleId);
  });
});
