import { describe, expect, it } from "@jest/globals";
import type { EventTarget } from "../../src/attribute/event-targets.js";
import { UNMATCHABLE_EVENTS, eventNameOf, loadBalancerArnOf, recordName, targetsOf } from "../../src/attribute/event-targets.js";
import type { CloudTrailEvent } from "../../src/attribute/events.js";
import { eventNamed, trail } from "./fixtures.js";

const A = "111122223333";
const elb = (resource: string) => `arn:aws:elasticloadbalancing:us-east-1:${A}:${resource}`;
const sg = (id: string): EventTarget => ({ type: "AWS::EC2::SecurityGroup", id });
const instance = (id: string): EventTarget => ({ type: "AWS::EC2::Instance", id });
const volume = (id: string): EventTarget => ({ type: "AWS::EC2::Volume", id });
const eip = (id: string): EventTarget => ({ type: "AWS::EC2::EIP", id });
const template = (id: string): EventTarget => ({ type: "AWS::EC2::LaunchTemplate", id });
const db = (id: string): EventTarget => ({ type: "AWS::RDS::DBInstance", id });
const cluster = (id: string): EventTarget => ({ type: "AWS::RDS::DBCluster", id });
const asg = (id: string): EventTarget => ({ type: "AWS::AutoScaling::AutoScalingGroup", id });
const lb = (arn: string): EventTarget => ({ type: "AWS::ElasticLoadBalancingV2::LoadBalancer", arn });
const tg = (arn: string): EventTarget => ({ type: "AWS::ElasticLoadBalancingV2::TargetGroup", arn });
const clb = (id: string): EventTarget => ({ type: "AWS::ElasticLoadBalancing::LoadBalancer", id });
const distribution = (id: string): EventTarget => ({ type: "AWS::CloudFront::Distribution", id });
const record = (id: string): EventTarget => ({ type: "AWS::Route53::RecordSet", id });
const healthCheck = (id: string): EventTarget => ({ type: "AWS::Route53::HealthCheck", id });
const bucket = (id: string): EventTarget => ({ type: "AWS::S3::Bucket", id });
const trailArn = (name: string, region = "us-east-1"): EventTarget => ({ type: "AWS::CloudTrail::Trail", arn: `arn:aws:cloudtrail:${region}:${A}:trail/${name}` });
const account: EventTarget = { type: "AWS::::Account", id: A };
const table = (id: string): EventTarget => ({ type: "AWS::DynamoDB::Table", id });

const SG = "sg-0a1b2c3d4e5f60002";
const I1 = "i-0aa1bb2cc3dd4ee01";
const API_ALB = elb("loadbalancer/app/api-alb/7b3d2c1a0f9e8d7c");
const API_TG = elb("targetgroup/api-tg/1c2d3e4f5a6b7c8d");

/** [event name (#n for the nth of that name), the resources it touched], for every record of the fixture. */
const CASES: [string, EventTarget[]][] = [
  ["AuthorizeSecurityGroupIngress", [sg(SG)]],
  ["AuthorizeSecurityGroupEgress", [sg(SG)]],
  ["RevokeSecurityGroupIngress", [sg(SG)]],
  ["RevokeSecurityGroupEgress", [sg(SG)]],
  ["ModifySecurityGroupRules", [sg(SG)]],
  ["CreateSecurityGroup", [sg("sg-0a1b2c3d4e5f60009")]],
  ["DeleteSecurityGroup", [sg("sg-0a1b2c3d4e5f60004")]],
  ["ModifyInstanceAttribute", [instance(I1)]],
  ["ModifyInstanceMetadataOptions", [instance(I1)]],
  ["AssociateIamInstanceProfile", [instance(I1)]],
  ["TerminateInstances", [instance("i-0aa1bb2cc3dd4ee02"), instance("i-0aa1bb2cc3dd4ee04")]],
  ["RunInstances", [instance("i-0aa1bb2cc3dd4ee09")]],
  ["CreateVolume", [volume("vol-0a1a2a3a4a5a6a709")]],
  ["ModifyVolume", [volume("vol-0a1a2a3a4a5a6a701")]],
  ["AttachVolume", [volume("vol-0b1b2b3b4b5b6b703"), instance(I1)]],
  ["DeleteVolume", [volume("vol-0a1a2a3a4a5a6a702")]],
  ["AllocateAddress", [eip("eipalloc-0a1b2c3d4e5f60009")]],
  ["ReleaseAddress", [eip("eipalloc-0a1b2c3d4e5f60002")]],
  ["AssociateAddress", [eip("eipalloc-0a1b2c3d4e5f60001")]],
  ["DisassociateAddress", []],
  ["CreateFlowLogs", [{ type: "AWS::EC2::VPC", id: "vpc-0a11b22c33d44e501" }]],
  ["CreateLaunchTemplate", [template("lt-0b1c2d3e4f5a60009")]],
  ["CreateLaunchTemplateVersion", [template("lt-0b1c2d3e4f5a60002")]],
  ["ModifyLaunchTemplate", [template("lt-0b1c2d3e4f5a60002")]],
  ["DeleteLaunchTemplate", [template("lt-0b1c2d3e4f5a60003")]],
  ["CreateDBInstance", [db("reports-db")]],
  ["ModifyDBInstance", [db("legacy-mysql")]],
  ["DeleteDBInstance", [db("catalog-aurora-2")]],
  ["RestoreDBInstanceFromDBSnapshot", [db("legacy-mysql-restore")]],
  ["RestoreDBInstanceToPointInTime", [db("legacy-mysql-pitr")]],
  ["CreateDBCluster", [cluster("orders-aurora")]],
  ["ModifyDBCluster", [cluster("catalog-aurora")]],
  ["DeleteDBCluster", [cluster("reports-aurora")]],
  ["ModifyDBParameterGroup", []],
  ["ModifyDBClusterParameterGroup", []],
  ["CreateAutoScalingGroup", [asg("api-asg")]],
  ["UpdateAutoScalingGroup", [asg("api-asg")]],
  ["DeleteAutoScalingGroup", [asg("api-asg")]],
  ["AttachLoadBalancers", [asg("api-asg")]],
  ["DetachLoadBalancers", [asg("api-asg")]],
  ["AttachLoadBalancerTargetGroups", [asg("api-asg")]],
  ["DetachLoadBalancerTargetGroups", [asg("api-asg")]],
  ["AttachTrafficSources", [asg("api-asg")]],
  ["DetachTrafficSources", [asg("api-asg")]],
  ["CreateLoadBalancer", [lb(elb("loadbalancer/app/admin-alb/0f1e2d3c4b5a6978"))]],
  ["DeleteLoadBalancer", [lb(elb("loadbalancer/net/partner-nlb/0918f7e6d5c4b3a2"))]],
  ["ModifyLoadBalancerAttributes", [lb(API_ALB)]],
  ["CreateListener", [lb(API_ALB)]],
  ["ModifyListener", [lb(API_ALB)]],
  ["DeleteListener", [lb(elb("loadbalancer/net/internal-nlb/a1b2c3d4e5f60718"))]],
  ["CreateTargetGroup", [tg(elb("targetgroup/admin-tg/4d5e6f7a8b9c0d1e"))]],
  ["ModifyTargetGroup", [tg(API_TG)]],
  ["ModifyTargetGroupAttributes", [tg(API_TG)]],
  ["DeleteTargetGroup", [tg(API_TG)]],
  ["CreateLoadBalancer#2", [clb("legacy-clb-2")]],
  ["DeleteLoadBalancer#2", [clb("legacy-clb")]],
  ["ModifyLoadBalancerAttributes#2", [clb("legacy-clb")]],
  ["ConfigureHealthCheck", [clb("legacy-clb")]],
  ["SetLoadBalancerPoliciesOfListener", [clb("legacy-clb")]],
  ["CreateLoadBalancerListeners", [clb("legacy-clb")]],
  ["CreateDistributionWithTags2020_05_31", [distribution("E4ADMIN5EXAMPLE")]],
  ["UpdateDistribution2020_05_31", [distribution("E1WEBAPP2EXAMPLE")]],
  ["DeleteDistribution2020_05_31", [distribution("E2LEGACY3EXAMPLE")]],
  [
    "ChangeResourceRecordSets",
    [record("Z0123456789ABCDEFGHIJ/api.example.com./A/api-primary"), record("Z0123456789ABCDEFGHIJ/old.example.com./CNAME"), record("Z0123456789ABCDEFGHIJ/\\052.example.com./A")],
  ],
  ["CreateHealthCheck", [healthCheck("0a1b2c3d-3333-4a5b-8c9d-0e1f2a3b4c5d")]],
  ["UpdateHealthCheck", [healthCheck("0a1b2c3d-1111-4a5b-8c9d-0e1f2a3b4c5d")]],
  ["DeleteHealthCheck", [healthCheck("0a1b2c3d-2222-4a5b-8c9d-0e1f2a3b4c5d")]],
  ["PutBucketPolicy", [bucket("webapp-assets")]],
  ["DeleteBucketPolicy", [bucket("webapp-assets")]],
  ["PutBucketAcl", [bucket("webapp-assets")]],
  ["PutBucketPublicAccessBlock", [bucket("webapp-assets")]],
  ["DeleteBucketPublicAccessBlock", [bucket("webapp-assets")]],
  ["PutBucketVersioning", [bucket("webapp-assets")]],
  ["CreateBucket", [bucket("webapp-exports")]],
  ["DeleteBucket", [bucket("legacy-site")]],
  ["PutAccountPublicAccessBlock", [{ type: "AWS::S3::AccountPublicAccessBlock", id: A }]],
  ["StopLogging", [trailArn("management-events")]],
  ["StartLogging", [trailArn("management-events")]],
  ["UpdateTrail", [trailArn("static-data-events")]],
  ["PutEventSelectors", [trailArn("management-events")]],
  ["DeleteTrail", [trailArn("static-data-events", "eu-west-1")]],
  ["CreateTrail", [trailArn("org-audit")]],
  ["CreateAccessKey", [account]],
  ["DeleteAccessKey", [account]],
  ["EnableMFADevice", [account]],
  ["DeactivateMFADevice", [account]],
  ["CreateAccessKey#2", []],
  ["UpdateTable", [table("app-sessions")]],
  ["UpdateContinuousBackups", [table("orders-events")]],
  ["CreateTable", [table("audit-log")]],
  ["DeleteTable", [{ type: "AWS::DynamoDB::Table", arn: `arn:aws:dynamodb:us-east-1:${A}:table/orders-events` }]],
];

function pick(events: CloudTrailEvent[], label: string): CloudTrailEvent {
  const [name, nth] = label.split("#");
  return eventNamed(events, name!, nth ? Number(nth) : 1);
}

describe("targetsOf", () => {
  const events = trail();

  it.each(CASES)("%s", (label, expected) => {
    expect(targetsOf(pick(events, label))).toEqual(expected);
  });

  it("has a case for every record of the fixture", () => {
    const counts = new Map<string, number>();
    const labels = events.map((e) => {
      const n = (counts.get(e.eventName) ?? 0) + 1;
      counts.set(e.eventName, n);
      return n === 1 ? e.eventName : `${e.eventName}#${n}`;
    });
    expect(labels.sort()).toEqual(CASES.map(([label]) => label).sort());
  });

  it("lists a reason for every known event it cannot target", () => {
    const untargeted = CASES.filter(([label, expected]) => expected.length === 0 && !label.includes("#")).map(([label]) => label);
    expect(untargeted.filter((name) => !UNMATCHABLE_EVENTS[name])).toEqual([]);
  });

  it("does not know events outside the table", () => {
    expect(targetsOf({ ...eventNamed(events, "PutBucketPolicy"), eventName: "PutObject" })).toBeUndefined();
    expect(targetsOf({ ...eventNamed(events, "PutBucketPolicy"), eventSource: "sqs.amazonaws.com" })).toBeUndefined();
  });

  it("reads flat EC2 parameters where an older SDK sent them", () => {
    const flat = { ...eventNamed(events, "ModifyInstanceMetadataOptions"), requestParameters: { instanceId: I1, httpTokens: "optional" } };
    expect(targetsOf(flat)).toEqual([instance(I1)]);
  });

  it("takes the launch template id from the response when the caller named the template", () => {
    const byName = eventNamed(events, "ModifyLaunchTemplate");
    expect(byName.requestParameters).toEqual({ ModifyLaunchTemplateRequest: { LaunchTemplateName: "web-asg", SetDefaultVersion: "2" } });
    expect(targetsOf(byName)).toEqual([template("lt-0b1c2d3e4f5a60002")]);
  });

  it("builds a trail ARN in the caller's partition", () => {
    const china = { ...eventNamed(events, "StartLogging"), awsRegion: "cn-north-1" };
    expect(targetsOf(china)).toEqual([{ type: "AWS::CloudTrail::Trail", arn: `arn:aws-cn:cloudtrail:cn-north-1:${A}:trail/management-events` }]);
    // Every partition's trail ARN, as the collectors name the trails (one partitionOf for both).
    const isoB = { ...eventNamed(events, "StartLogging"), awsRegion: "us-isob-east-1" };
    expect(targetsOf(isoB)).toEqual([{ type: "AWS::CloudTrail::Trail", arn: `arn:aws-iso-b:cloudtrail:us-isob-east-1:${A}:trail/management-events` }]);
    const sovereign = { ...eventNamed(events, "StartLogging"), awsRegion: "eusc-de-east-1" };
    expect(targetsOf(sovereign)).toEqual([{ type: "AWS::CloudTrail::Trail", arn: `arn:aws-eusc:cloudtrail:eusc-de-east-1:${A}:trail/management-events` }]);
  });

  it("targets a hosted zone id given with its /hostedzone/ prefix", () => {
    const event = eventNamed(events, "ChangeResourceRecordSets");
    const prefixed = { ...event, requestParameters: { ...event.requestParameters, hostedZoneId: "/hostedzone/Z0123456789ABCDEFGHIJ" } };
    expect(targetsOf(prefixed)).toEqual(targetsOf(event));
  });
});

describe("helpers", () => {
  it("strips CloudFront's API version from event names", () => {
    expect(eventNameOf({ eventName: "UpdateDistribution2020_05_31" })).toBe("UpdateDistribution");
    expect(eventNameOf({ eventName: "UpdateDistribution" })).toBe("UpdateDistribution");
  });

  it("maps listener and rule ARNs to their load balancer", () => {
    expect(loadBalancerArnOf(elb("listener/app/api-alb/7b3d2c1a0f9e8d7c/3c4d5e6f7a8b9c0d"))).toBe(API_ALB);
    expect(loadBalancerArnOf(elb("listener-rule/app/api-alb/7b3d2c1a0f9e8d7c/3c4d5e6f7a8b9c0d/1a2b3c4d5e6f7a8b"))).toBe(API_ALB);
    expect(loadBalancerArnOf(API_TG)).toBeUndefined();
  });

  it("writes record names as Route 53 returns them", () => {
    expect(recordName("API.Example.com")).toBe("api.example.com.");
    expect(recordName("api.example.com.")).toBe("api.example.com.");
    expect(recordName("*.example.com")).toBe("\\052.example.com.");
    expect(recordName("\\052.example.com.")).toBe("\\052.example.com.");
  });
});
