/**
 * A small, realistic audit for the report writers: findings come from the
 * real evaluation path (a real rule over collector-shaped security groups, and
 * `toFinding` for the others), with the drift and transitions the diff stage
 * produces and a collection error like the ones the collectors record.
 */
import { z } from "zod";
import sshRestricted from "../../../rules/ec2/ec2-ssh-restricted.js";
import type { Drift, Transition } from "../../../src/diff/types.js";
import { evaluateSnapshot, toFinding } from "../../../src/evaluate/evaluate.js";
import type { Outcome, Rule } from "../../../src/evaluate/rule.js";
import { defaultParams, defineRule, fail, notApplicable, pass } from "../../../src/evaluate/rule.js";
import type { AuditReport } from "../../../src/publish/report/audit-report.js";
import { buildReport } from "../../../src/publish/report/build-report.js";
import type { AutoScalingGroupAttributes, DbInstanceAttributes, DistributionAttributes } from "../../../src/types/attributes.js";
import type { Finding } from "../../../src/types/finding.js";
import type { CollectionError, ResourceRecord, Snapshot } from "../../../src/types/resource.js";
import { SNAPSHOT_SCHEMA_VERSION, refOf } from "../../../src/types/resource.js";
import { ACCOUNT, REGION, record, sg, tcp } from "../../support/builders.js";

export { ACCOUNT, REGION };
export const OTHER_REGION = "eu-west-1";
export const STARTED_AT = "2026-11-01T02:00:00.000Z";
export const FINISHED_AT = "2026-11-01T02:01:12.000Z";
export const FIRST_SEEN = "2026-10-20T02:00:41.000Z";

/** A rule of the catalogue, metadata only: the writers never run `evaluate`. */
function catalogueRule(meta: Pick<Rule, "id" | "title" | "service" | "severity" | "resourceTypes" | "rationale" | "remediation" | "references">): Rule {
  return defineRule({
    ...meta,
    params: z.object({}).strict(),
    evaluate: () => notApplicable("metadata-only rule"),
  });
}

export const rdsNotPublic = catalogueRule({
  id: "rds-not-public",
  title: "RDS instances are not publicly accessible",
  service: "rds",
  severity: "critical",
  resourceTypes: ["AWS::RDS::DBInstance"],
  rationale: "A publicly accessible instance gets an endpoint that resolves to a public IP address; database servers belong in private subnets.",
  remediation: "aws rds modify-db-instance --db-instance-identifier app-db --no-publicly-accessible --apply-immediately",
  references: { awsConfig: "rds-instance-public-access-check", securityHub: "RDS.2" },
});

export const rdsMultiAz = catalogueRule({
  id: "rds-multi-az",
  title: "RDS instances are Multi-AZ",
  service: "rds",
  severity: "high",
  resourceTypes: ["AWS::RDS::DBInstance"],
  rationale: "A Single-AZ instance is down for the whole failure of its Availability Zone and during maintenance.",
  remediation: "aws rds modify-db-instance --db-instance-identifier app-db --multi-az --apply-immediately",
  references: { awsConfig: "rds-multi-az-support", securityHub: "RDS.5" },
});

export const asgMultiAz = catalogueRule({
  id: "asg-multi-az",
  title: "Auto Scaling groups span several Availability Zones",
  service: "autoscaling",
  severity: "high",
  resourceTypes: ["AWS::AutoScaling::AutoScalingGroup"],
  rationale: "A group in one Availability Zone loses every instance with that zone.",
  remediation: "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web-asg --vpc-zone-identifier subnet-0a000000000000001,subnet-0b000000000000002",
  references: { awsConfig: "autoscaling-multiple-az", securityHub: "AutoScaling.2" },
});

export const cloudfrontHttpsOnly = catalogueRule({
  id: "cloudfront-https-only",
  title: "CloudFront serves viewers over HTTPS only",
  service: "cloudfront",
  severity: "high",
  resourceTypes: ["AWS::CloudFront::Distribution"],
  rationale: "A cache behavior that allows HTTP lets viewers' requests and cookies cross the internet in clear text.",
  remediation: "Set ViewerProtocolPolicy to redirect-to-https in the default and every cache behavior (aws cloudfront update-distribution).",
  references: { awsConfig: "cloudfront-viewer-policy-https", securityHub: "CloudFront.3" },
});

export const cloudfrontDefaultRootObject = catalogueRule({
  id: "cloudfront-default-root-object",
  title: "CloudFront distributions have a default root object",
  service: "cloudfront",
  severity: "low",
  resourceTypes: ["AWS::CloudFront::Distribution"],
  rationale: "Without a default root object a request for the root can list or expose the origin's content.",
  remediation: "Set DefaultRootObject to index.html (aws cloudfront update-distribution).",
  references: { securityHub: "CloudFront.1" },
});

export const rules: Rule[] = [sshRestricted, rdsNotPublic, rdsMultiAz, asgMultiAz, cloudfrontHttpsOnly, cloudfrontDefaultRootObject];

// Resources, in the normalized shape the collectors produce.

export const webSg = sg({ id: "sg-0a1b2c3d4e5f60001", name: "web-sg", ingress: [tcp(443, "0.0.0.0/0"), tcp(22, "0.0.0.0/0")] });
export const bastionSg = sg({ id: "sg-0a1b2c3d4e5f60002", name: "bastion-sg", ingress: [tcp(22, "203.0.113.0/24")] });
/** A Name tag is whatever the account owner typed, markup and escape sequences included. */
export const hostileSg: ResourceRecord<any> = {
  ...sg({ id: "sg-0a1b2c3d4e5f60003", name: "<script>alert(1)</script>", ingress: [tcp(22, "::/0")] }),
  tags: { Name: "<script>alert(1)</script>", team: '"><img src=x onerror=alert(2)>' },
};
export const longNameSg = sg({
  id: "sg-0a1b2c3d4e5f60004",
  name: "legacy-payments-integration-partner-access-security-group-created-by-cloudformation-stack-payments-prod",
  ingress: [tcp([0, 1024], "0.0.0.0/0")],
});

function dbInstance(id: string, attributes: Partial<DbInstanceAttributes>, region = REGION): ResourceRecord<DbInstanceAttributes> {
  return record<DbInstanceAttributes>(
    "AWS::RDS::DBInstance",
    id,
    {
      engine: "postgres",
      engineVersion: "16.4",
      instanceClass: "db.m6g.large",
      multiAZ: true,
      storageEncrypted: true,
      publiclyAccessible: false,
      backupRetentionPeriod: 7,
      deletionProtection: true,
      port: 5432,
      vpcSecurityGroupIds: ["sg-0a1b2c3d4e5f60009"],
      ...attributes,
    },
    { arn: `arn:aws:rds:${region}:${ACCOUNT}:db:${id}`, name: id, region, tags: { env: "prod" } },
  );
}

export const ordersDb = dbInstance("orders-db", { publiclyAccessible: true, multiAZ: false });
export const reportingDb = dbInstance("reporting-db", {}, OTHER_REGION);

export const webAsg = record<AutoScalingGroupAttributes>(
  "AWS::AutoScaling::AutoScalingGroup",
  "web-asg",
  {
    availabilityZones: ["us-east-1a"],
    subnetIds: ["subnet-0a000000000000001"],
    healthCheckType: "ELB",
    healthCheckGracePeriod: 300,
    targetGroupArns: [`arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web-tg/73e2d6bc24d8a067`],
    loadBalancerNames: [],
    trafficSources: [],
    minSize: 2,
    maxSize: 6,
  },
  {
    arn: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:6a1b2c3d-0000-4000-8000-000000000001:autoScalingGroupName/web-asg`,
    name: "web-asg",
    tags: { Name: "web" },
  },
);

export const siteDistribution = record<DistributionAttributes>(
  "AWS::CloudFront::Distribution",
  "E2QWRUHAPOMQZL",
  {
    domainName: "d111111abcdef8.cloudfront.net",
    aliases: ["www.example.com"],
    enabled: true,
    defaultRootObject: "index.html",
    defaultCacheBehavior: { targetOriginId: "site-bucket", viewerProtocolPolicy: "redirect-to-https" },
    cacheBehaviors: [{ pathPattern: "/legacy/*", targetOriginId: "site-bucket", viewerProtocolPolicy: "allow-all" }],
    origins: [{ id: "site-bucket", domainName: "site-bucket.s3.us-east-1.amazonaws.com", kind: "s3", originAccessControlId: "E2QWRUHEXAMPLE" }],
    viewerCertificate: { cloudFrontDefaultCertificate: false, acmCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`, minimumProtocolVersion: "TLSv1.2_2021" },
    logging: { enabled: false },
  },
  { arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL`, name: "www.example.com" },
);

export const securityGroups: ResourceRecord<any>[] = [webSg, bastionSg, hostileSg, longNameSg];
export const resources: ResourceRecord<any>[] = [...securityGroups, ordersDb, reportingDb, webAsg, siteDistribution];

export const rdsAccessDenied: CollectionError = {
  service: "rds",
  region: OTHER_REGION,
  operation: "DescribeDBClusters",
  code: "AccessDenied",
  message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/driftwarden-audit/session is not authorized to perform: rds:DescribeDBClusters`,
  resourceTypes: ["AWS::RDS::DBCluster"],
};

export function snapshotOf(extra: Partial<Snapshot> = {}): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    accountId: ACCOUNT,
    takenAt: STARTED_AT,
    regions: [REGION, OTHER_REGION],
    resources,
    errors: [rdsAccessDenied],
    ...extra,
  };
}

/** A finding as evaluation makes it, seen since FIRST_SEEN. */
export function findingOf(rule: Rule, resource: ResourceRecord<any>, outcome: Outcome): Finding {
  return { ...toFinding(rule, resource, outcome), firstSeen: FIRST_SEEN, lastSeen: STARTED_AT };
}

/** As applySuppressions marks a failing finding: still reported, with why and until when. */
export function suppressed(finding: Finding, reason: string, expires?: string): Finding {
  return {
    ...finding,
    status: "SUPPRESSED",
    suppression: { reason, owner: "platform-team", ...(expires && { expires }) },
    evidence: { ...finding.evidence, suppressedStatus: finding.status },
  };
}

export function auditFindings(): Finding[] {
  const sgFindings = evaluateSnapshot(snapshotOf({ resources: securityGroups }), [{ rule: sshRestricted, params: defaultParams(sshRestricted) }]).map(
    (f) => ({ ...f, firstSeen: FIRST_SEEN, lastSeen: STARTED_AT }),
  );
  const longName = sgFindings.find((f) => f.resource.id === longNameSg.id)!;
  return [
    ...sgFindings.filter((f) => f !== longName),
    suppressed(longName, "partner VPN range migration tracked in PAY-1432", "2026-12-31"),
    findingOf(rdsNotPublic, ordersDb, fail("publicly accessible and reachable from the internet: sg-0a1b2c3d4e5f60009 allows tcp/5432 from 0.0.0.0/0, and subnet subnet-0a000000000000001 routes to an internet gateway", { publiclyAccessible: true, engine: "postgres", port: 5432 })),
    findingOf(rdsMultiAz, ordersDb, fail("MultiAZ is false: a single instance in us-east-1a", { multiAZ: false, availabilityZone: "us-east-1a" })),
    findingOf(rdsNotPublic, reportingDb, pass("not publicly accessible: the endpoint resolves to private addresses", { publiclyAccessible: false })),
    findingOf(rdsMultiAz, reportingDb, { status: "ERROR", reason: "attribute multiAZ was not collected" }),
    findingOf(asgMultiAz, webAsg, fail("the group uses 1 Availability Zone (us-east-1a); at least 2 are required", { availabilityZones: ["us-east-1a"], minimum: 2 })),
    findingOf(cloudfrontHttpsOnly, siteDistribution, fail("cache behavior /legacy/* allows HTTP (ViewerProtocolPolicy allow-all)", { behaviors: [{ pathPattern: "/legacy/*", viewerProtocolPolicy: "allow-all" }] })),
    findingOf(cloudfrontDefaultRootObject, siteDistribution, pass("DefaultRootObject is index.html")),
  ];
}

export const drift: Drift = {
  added: [refOf(hostileSg)],
  removed: [{ type: "AWS::ElasticLoadBalancingV2::LoadBalancer", id: "old-web-alb", arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/old-web-alb/50dc6c495c0c9188`, name: "old-web-alb", region: REGION }],
  modified: [
    {
      resource: refOf(webSg as ResourceRecord<any>),
      changes: [{ path: "attributes.ingress", after: { protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" } }],
    },
    { resource: refOf(ordersDb as ResourceRecord<any>), changes: [{ path: "attributes.multiAZ", before: true, after: false }] },
  ],
};

export function transitionsFor(findings: Finding[]): Transition[] {
  const of = (ruleId: string, resource: ResourceRecord<any>) => findings.find((f) => f.ruleId === ruleId && f.resource.id === resource.id)!;
  const ssh = of(sshRestricted.id, webSg);
  const multiAz = of(rdsMultiAz.id, ordersDb);
  const https = of(cloudfrontHttpsOnly.id, siteDistribution);
  const ref = (f: Finding) => ({ type: f.resource.type, id: f.resource.id, ...(f.resource.arn && { arn: f.resource.arn }), ...(f.resource.name && { name: f.resource.name }), region: f.resource.region });
  return [
    { findingId: ssh.id, ruleId: ssh.ruleId, resource: ref(ssh), kind: "NEW", severity: ssh.severity, reason: ssh.reason, explanation: "ingress tcp/22 from 0.0.0.0/0 added" },
    { findingId: multiAz.id, ruleId: multiAz.ruleId, resource: ref(multiAz), kind: "REGRESSED", severity: multiAz.severity, reason: multiAz.reason, explanation: "multiAZ changed from true to false" },
    { findingId: https.id, ruleId: https.ruleId, resource: ref(https), kind: "PERSISTING", severity: https.severity, reason: https.reason },
    {
      findingId: "5b0f3e1c2d4a6b8c9d0e1f2a3b4c5d6e",
      ruleId: "elb-multi-az",
      resource: drift.removed[0]!,
      kind: "RESOLVED",
      severity: "high",
      reason: "the resource no longer exists",
    },
  ];
}

export function auditReport(extra: { findings?: Finding[]; snapshot?: Partial<Snapshot>; withDrift?: boolean } = {}): AuditReport {
  const findings = extra.findings ?? auditFindings();
  return buildReport({
    runId: "run-2026-11-01T02-00",
    snapshot: snapshotOf(extra.snapshot),
    findings,
    startedAt: STARTED_AT,
    finishedAt: FINISHED_AT,
    ...(extra.withDrift !== false && { drift, transitions: transitionsFor(findings) }),
    unusedSuppressions: [{ index: 2, reason: "temporary exception for the old bastion" }],
  });
}

/** `count` failing findings on distinct security groups, for batching. */
export function manyFailingFindings(count: number): Finding[] {
  return Array.from({ length: count }, (_, i) => {
    const group = sg({ id: `sg-0${i.toString(16).padStart(16, "0")}`, ingress: [tcp(22, "0.0.0.0/0")] });
    return findingOf(sshRestricted, group, fail("SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0"));
  });
}
