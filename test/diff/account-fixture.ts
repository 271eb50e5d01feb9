/**
 * A small web-hosting account in the normalized shapes the collectors produce,
 * and a few minimal rules, for drift and transition tests.
 */
import { z } from "zod";
import sshRestricted from "../../rules/ec2/ec2-ssh-restricted.js";
import type { Rule } from "../../src/evaluate/rule.js";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import { evaluateSnapshot, withDefaults } from "../../src/evaluate/evaluate.js";
import type { AutoScalingGroupAttributes, DbInstanceAttributes, DistributionAttributes } from "../../src/types/attributes.js";
import type { Finding } from "../../src/types/finding.js";
import type { CollectionError, ResourceRecord, Snapshot } from "../../src/types/resource.js";
import { SNAPSHOT_SCHEMA_VERSION } from "../../src/types/resource.js";
import { compact } from "../../src/collect/normalize.js";
import { ACCOUNT, REGION, record, sg, tcp } from "../support/builders.js";

export function dbInstance(id: string, attributes: Partial<DbInstanceAttributes> = {}): ResourceRecord<DbInstanceAttributes> {
  return record<DbInstanceAttributes>(
    "AWS::RDS::DBInstance",
    id,
    compact({
      engine: "mysql",
      engineVersion: "8.0.39",
      instanceClass: "db.m6g.large",
      multiAZ: true,
      storageEncrypted: true,
      kmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b1c2d3e-0000-4000-8000-000000000001`,
      publiclyAccessible: false,
      backupRetentionPeriod: 7,
      deletionProtection: true,
      availabilityZone: "us-east-1a",
      secondaryAvailabilityZone: "us-east-1b",
      port: 3306,
      vpcSecurityGroupIds: ["sg-0db0000000000001"],
      ...attributes,
    }),
    { arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:${id}`, name: id },
  );
}

export function autoScalingGroup(name: string, attributes: Partial<AutoScalingGroupAttributes> = {}, desiredCapacity = 2): ResourceRecord<AutoScalingGroupAttributes> {
  return record<AutoScalingGroupAttributes>(
    "AWS::AutoScaling::AutoScalingGroup",
    name,
    {
      availabilityZones: ["us-east-1a", "us-east-1b"],
      subnetIds: ["subnet-0a000000000000001", "subnet-0b000000000000002"],
      healthCheckType: "ELB",
      healthCheckGracePeriod: 300,
      targetGroupArns: [`arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}-tg/73e2d6bc24d8a067`],
      loadBalancerNames: [],
      trafficSources: [],
      minSize: 2,
      maxSize: 6,
      launchTemplate: { id: "lt-0b1c2d3e4f5a60001", name, version: "$Latest" },
      ...attributes,
    },
    {
      arn: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:6a1b2c3d-0000-4000-8000-000000000001:autoScalingGroupName/${name}`,
      name,
      tags: { Name: name },
      state: { desiredCapacity, instances: [] },
    },
  );
}

export function distribution(id: string, attributes: Partial<DistributionAttributes> = {}): ResourceRecord<DistributionAttributes> {
  return record<DistributionAttributes>(
    "AWS::CloudFront::Distribution",
    id,
    {
      domainName: `${id.toLowerCase()}.cloudfront.net`,
      aliases: ["www.example.com"],
      enabled: true,
      defaultRootObject: "index.html",
      priceClass: "PriceClass_100",
      httpVersion: "http2",
      defaultCacheBehavior: { targetOriginId: "static", viewerProtocolPolicy: "redirect-to-https" },
      cacheBehaviors: [],
      origins: [{ id: "static", domainName: "static-example.s3.us-east-1.amazonaws.com", kind: "s3", originAccessControlId: "E2QWRUHAPOMQZL" }],
      viewerCertificate: { cloudFrontDefaultCertificate: false, acmCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/1f2e3d4c-0000-4000-8000-000000000001`, minimumProtocolVersion: "TLSv1.2_2021", sslSupportMethod: "sni-only" },
      logging: { enabled: true, bucket: "logs-example.s3.amazonaws.com", prefix: "cf/" },
      ...attributes,
    },
    { arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`, name: id },
  );
}

export function snapshotOf(resources: ResourceRecord<any>[], errors: CollectionError[] = [], takenAt = "2026-11-01T02:00:00.000Z"): Snapshot {
  return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, accountId: ACCOUNT, takenAt, regions: [REGION], resources, errors };
}

/** AccessDenied on DescribeDBInstances, as the collector reports it. */
export const rdsAccessDenied: CollectionError = {
  service: "rds",
  region: REGION,
  operation: "DescribeDBInstances",
  code: "AccessDenied",
  message: "User: arn:aws:sts::123456789012:assumed-role/auditor/session is not authorized to perform: rds:DescribeDBInstances",
  resourceTypes: ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
};

export const ids = {
  web: "sg-0web000000000001",
  app: "sg-0app000000000002",
  dbMain: "orders-db",
  dbReporting: "reporting-db",
  webAsg: "web-asg",
  batchAsg: "batch-asg",
  site: "E1SITE0000001",
  assets: "E2ASSETS00002",
};

/** Run A: SSH restricted to the office, one Multi-AZ and one single-AZ database, two ASGs, one distribution. */
export function accountA(): Snapshot {
  return snapshotOf([
    sg({ id: ids.web, name: "web", ingress: [tcp(443, "0.0.0.0/0"), tcp(80, "0.0.0.0/0"), tcp(443, "::/0")], attachments: 2 }),
    sg({ id: ids.app, name: "app", ingress: [tcp(22, "203.0.113.0/24"), tcp(8080, ids.web)] }),
    dbInstance(ids.dbMain),
    dbInstance(ids.dbReporting, { multiAZ: false, secondaryAvailabilityZone: undefined }),
    autoScalingGroup(ids.webAsg),
    autoScalingGroup(ids.batchAsg, { availabilityZones: ["us-east-1a"], subnetIds: ["subnet-0a000000000000001"], healthCheckType: "EC2", targetGroupArns: [] }),
    distribution(ids.site),
  ]);
}

/**
 * Run B: SSH opened to the internet on the app group, orders-db switched to
 * single-AZ, batch-asg deleted, a second distribution (serving HTTP) added. Also changes that
 * are not drift: the web group's permissions listed in another order, the web
 * ASG scaled out, an attachment count changed.
 */
export function accountB(): Snapshot {
  const a = accountA();
  const resources = a.resources
    .filter((r) => r.id !== ids.batchAsg)
    .map((r): ResourceRecord<any> => {
      if (r.id === ids.app) return { ...r, attributes: { ...r.attributes, ingress: [...(r.attributes.ingress as object[]), tcp(22, "0.0.0.0/0")] } };
      if (r.id === ids.web) return { ...r, attributes: { ...r.attributes, ingress: [...(r.attributes.ingress as object[])].reverse() }, state: { attachmentCount: 3 } };
      if (r.id === ids.dbMain) return dbInstance(ids.dbMain, { multiAZ: false, secondaryAvailabilityZone: undefined });
      if (r.id === ids.webAsg) return autoScalingGroup(ids.webAsg, {}, 5);
      return r;
    });
  return snapshotOf([...resources, distribution(ids.assets, { aliases: ["assets.example.com"], defaultCacheBehavior: { targetOriginId: "static", viewerProtocolPolicy: "allow-all" } })], [], "2026-11-02T02:00:00.000Z");
}

/** Minimal stand-ins for the catalogue's RDS, ASG and CloudFront rules. */
const noParams = z.object({}).strict();

const rdsMultiAz = defineRule({
  id: "rds-multi-az",
  title: "RDS instances are Multi-AZ",
  service: "rds",
  severity: "high",
  resourceTypes: ["AWS::RDS::DBInstance"],
  rationale: "A single-AZ database is lost with its zone.",
  remediation: "aws rds modify-db-instance --db-instance-identifier orders-db --multi-az --apply-immediately",
  references: { awsConfig: "rds-multi-az-support", securityHub: "RDS.5" },
  params: noParams,
  evaluate: (r: ResourceRecord<DbInstanceAttributes>) => (r.attributes.multiAZ ? pass("Multi-AZ deployment") : fail("single-AZ deployment")),
});

const asgMultiAz = defineRule({
  id: "asg-multi-az",
  title: "Auto Scaling groups span two or more AZs",
  service: "autoscaling",
  severity: "high",
  resourceTypes: ["AWS::AutoScaling::AutoScalingGroup"],
  rationale: "Instances in one AZ go down with it.",
  remediation: "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web-asg --availability-zones us-east-1a us-east-1b",
  references: { awsConfig: "autoscaling-multiple-az", securityHub: "AutoScaling.2" },
  params: noParams,
  evaluate: (r: ResourceRecord<AutoScalingGroupAttributes>) =>
    r.attributes.availabilityZones.length >= 2 ? pass(`${r.attributes.availabilityZones.length} AZs`) : fail(`only ${r.attributes.availabilityZones.join(", ")}`),
});

const cloudfrontHttpsOnly = defineRule({
  id: "cloudfront-https-only",
  title: "CloudFront serves viewers over HTTPS only",
  service: "cloudfront",
  severity: "high",
  resourceTypes: ["AWS::CloudFront::Distribution"],
  rationale: "Plain HTTP exposes content and cookies in transit.",
  remediation: "Set ViewerProtocolPolicy to redirect-to-https.",
  references: { awsConfig: "cloudfront-viewer-policy-https", securityHub: "CloudFront.3" },
  params: noParams,
  evaluate: (r: ResourceRecord<DistributionAttributes>) =>
    r.attributes.defaultCacheBehavior.viewerProtocolPolicy === "allow-all" ? fail("default behavior allows HTTP") : pass("HTTPS enforced"),
});

export const rules: Rule[] = [sshRestricted, rdsMultiAz, asgMultiAz, cloudfrontHttpsOnly];

export function evaluate(snapshot: Snapshot): Finding[] {
  return evaluateSnapshot(snapshot, withDefaults(rules));
}
