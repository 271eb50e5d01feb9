import { describe, expect, it } from "@jest/globals";
import { allRules } from "../../../rules/index.js";
import { resourceCommands } from "../../../src/publish/report/resource-remediation.js";
import type { FindingResource } from "../../../src/types/finding.js";
import type { ResourceType } from "../../../src/types/resource.js";

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";

function remediationOf(ruleId: string): string {
  const rule = allRules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return rule.remediation;
}

function resource(type: ResourceType, id: string, extra: Partial<FindingResource> = {}): FindingResource {
  return { type, id, accountId: ACCOUNT, region: REGION, tags: {}, ...extra };
}

const albArn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/api-alb/7b3d2c1a0f9e8d7c`;
const targetGroupArn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/api-tg/1c2d3e4f5a6b7c8d`;

/** One resource of each type, shaped as the collectors record them. */
const SAMPLES: Record<ResourceType, FindingResource> = {
  "AWS::EC2::SecurityGroup": resource("AWS::EC2::SecurityGroup", "sg-0a1b2c3d4e5f60002"),
  "AWS::EC2::Instance": resource("AWS::EC2::Instance", "i-0aa1bb2cc3dd4ee01"),
  "AWS::EC2::Volume": resource("AWS::EC2::Volume", "vol-0a1a2a3a4a5a6a701"),
  "AWS::EC2::VPC": resource("AWS::EC2::VPC", "vpc-05e6f7a8b9c0d1e2f"),
  "AWS::EC2::Subnet": resource("AWS::EC2::Subnet", "subnet-0a000000000000a01"),
  "AWS::EC2::EIP": resource("AWS::EC2::EIP", "eipalloc-0a1b2c3d4e5f60001"),
  "AWS::RDS::DBInstance": resource("AWS::RDS::DBInstance", "orders-db"),
  "AWS::RDS::DBCluster": resource("AWS::RDS::DBCluster", "catalog-aurora"),
  "AWS::AutoScaling::AutoScalingGroup": resource("AWS::AutoScaling::AutoScalingGroup", "api-asg"),
  "AWS::ElasticLoadBalancingV2::LoadBalancer": resource("AWS::ElasticLoadBalancingV2::LoadBalancer", "api-alb", { arn: albArn }),
  "AWS::ElasticLoadBalancingV2::TargetGroup": resource("AWS::ElasticLoadBalancingV2::TargetGroup", "api-tg", { arn: targetGroupArn }),
  "AWS::ElasticLoadBalancing::LoadBalancer": resource("AWS::ElasticLoadBalancing::LoadBalancer", "legacy-clb"),
  "AWS::CloudFront::Distribution": resource("AWS::CloudFront::Distribution", "E1WEBAPP2EXAMPLE", { region: "us-east-1" }),
  "AWS::Route53::HostedZone": resource("AWS::Route53::HostedZone", "Z04SHOP1EXAMPLE", { region: "us-east-1" }),
  "AWS::Route53::RecordSet": resource("AWS::Route53::RecordSet", "Z04SHOP1EXAMPLE/api.example.com./A/api-primary", { region: "us-east-1" }),
  "AWS::Route53::HealthCheck": resource("AWS::Route53::HealthCheck", "0a1b2c3d-1111-4a5b-8c9d-0e1f2a3b4c5d", { region: "us-east-1" }),
  "AWS::EC2::LaunchTemplate": resource("AWS::EC2::LaunchTemplate", "lt-0b1c2d3e4f5a60001"),
  "AWS::S3::Bucket": resource("AWS::S3::Bucket", "webapp-static-111122223333"),
  "AWS::S3::AccountPublicAccessBlock": resource("AWS::S3::AccountPublicAccessBlock", ACCOUNT, { region: "us-east-1" }),
  "AWS::CloudTrail::Trail": resource("AWS::CloudTrail::Trail", `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-audit`, { region: "us-east-1" }),
  "AWS::::Account": resource("AWS::::Account", ACCOUNT, { region: "us-east-1" }),
  "AWS::DynamoDB::Table": resource("AWS::DynamoDB::Table", "sessions"),
};

/** What of a resource its commands name: the id, the ARN for load balancers and target groups, the zone for a record. */
function nameIn(sample: FindingResource): string {
  if (sample.type === "AWS::Route53::RecordSet") return sample.id.split("/")[0]!;
  if (sample.type === "AWS::ElasticLoadBalancingV2::TargetGroup") return sample.arn!;
  if (sample.type === "AWS::ElasticLoadBalancingV2::LoadBalancer") return "app/api-alb/7b3d2c1a0f9e8d7c";
  return sample.id;
}

describe("resourceCommands", () => {
  it("puts a security group's id and region into every command of the SSH rule", () => {
    expect(resourceCommands(remediationOf("ec2-ssh-restricted"), SAMPLES["AWS::EC2::SecurityGroup"])).toEqual([
      "aws ec2 revoke-security-group-ingress --region eu-west-1 --group-id sg-0a1b2c3d4e5f60002 --protocol tcp --port 22 --cidr 0.0.0.0/0",
      "aws ec2 authorize-security-group-ingress --region eu-west-1 --group-id sg-0a1b2c3d4e5f60002 --protocol tcp --port 22 --cidr 203.0.113.0/24",
    ]);
  });

  it("keeps the example of another resource's kind: the application tier's group stays an example", () => {
    const [, authorize] = resourceCommands(remediationOf("ec2-db-ports-restricted"), SAMPLES["AWS::EC2::SecurityGroup"]);
    expect(authorize).toBe("aws ec2 authorize-security-group-ingress --region eu-west-1 --group-id sg-0a1b2c3d4e5f60002 --protocol tcp --port 3306 --source-group sg-0fedcba9876543210");
  });

  it("gives a DB instance its instance command and a cluster its cluster command, with the Availability Zone moved to its region", () => {
    const remediation = remediationOf("rds-multi-az");
    expect(resourceCommands(remediation, SAMPLES["AWS::RDS::DBInstance"])).toEqual(["aws rds modify-db-instance --region eu-west-1 --db-instance-identifier orders-db --multi-az --apply-immediately"]);
    expect(resourceCommands(remediation, SAMPLES["AWS::RDS::DBCluster"])).toEqual([
      "aws rds create-db-instance --region eu-west-1 --db-cluster-identifier catalog-aurora --db-instance-identifier catalog-aurora-reader-1 --engine aurora-mysql --db-instance-class db.r6g.large --availability-zone eu-west-1b",
    ]);
  });

  it("names the snapshots after the database, as the example names them after app-db", () => {
    expect(resourceCommands(remediationOf("rds-storage-encrypted"), SAMPLES["AWS::RDS::DBInstance"])).toEqual([
      "aws rds create-db-snapshot --region eu-west-1 --db-instance-identifier orders-db --db-snapshot-identifier orders-db-plain",
      "aws rds copy-db-snapshot --region eu-west-1 --source-db-snapshot-identifier orders-db-plain --target-db-snapshot-identifier orders-db-encrypted --kms-key-id alias/aws/rds",
      "aws rds restore-db-instance-from-db-snapshot --region eu-west-1 --db-instance-identifier orders-db-2 --db-snapshot-identifier orders-db-encrypted",
    ]);
  });

  it("puts a target group's ARN in place of the example ARN, and not the load balancer's line", () => {
    expect(resourceCommands(remediationOf("elb-cross-zone"), SAMPLES["AWS::ElasticLoadBalancingV2::TargetGroup"])).toEqual([
      `aws elbv2 modify-target-group-attributes --region eu-west-1 --target-group-arn ${targetGroupArn} --attributes Key=load_balancing.cross_zone.enabled,Value=use_load_balancer_configuration`,
    ]);
  });

  it("builds a listener's ARN on the load balancer's, leaving only the listener id an example", () => {
    const [command] = resourceCommands(remediationOf("elb-http-redirects-to-https"), SAMPLES["AWS::ElasticLoadBalancingV2::LoadBalancer"]);
    expect(command).toContain(`--listener-arn arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener/app/api-alb/7b3d2c1a0f9e8d7c/f2f7dc8efc522ab2 `);
  });

  it("fills the account into other ARNs of the command and keeps a region the command names on purpose", () => {
    const [alarm] = resourceCommands(remediationOf("route53-health-check-alarmed"), SAMPLES["AWS::Route53::HealthCheck"]);
    expect(alarm).toContain("--dimensions Name=HealthCheckId,Value=0a1b2c3d-1111-4a5b-8c9d-0e1f2a3b4c5d ");
    expect(alarm).toContain(`--alarm-actions arn:aws:sns:us-east-1:${ACCOUNT}:ops-alerts`);
    expect(alarm?.match(/--region/g)).toHaveLength(1);
  });

  it("adds no region to a global service's commands and keeps their notes to the rule's text", () => {
    expect(resourceCommands(remediationOf("cloudfront-https-only"), SAMPLES["AWS::CloudFront::Distribution"])).toEqual([
      "aws cloudfront get-distribution-config --id E1WEBAPP2EXAMPLE > dist.json",
      "aws cloudfront update-distribution --id E1WEBAPP2EXAMPLE --if-match <ETag> --distribution-config file://dist-config.json",
    ]);
  });

  it("leaves a remediation with no example of the resource's kind to the rule's text", () => {
    expect(resourceCommands("Set DefaultRootObject to index.html (aws cloudfront update-distribution).", SAMPLES["AWS::CloudFront::Distribution"])).toEqual([]);
    expect(resourceCommands(remediationOf("rds-storage-encrypted"), SAMPLES["AWS::RDS::DBCluster"])).toEqual([]);
    expect(resourceCommands(remediationOf("ec2-eip-attached"), { ...SAMPLES["AWS::EC2::EIP"], id: "203.0.113.7" })).toEqual([]);
  });

  it("takes the resource's values literally and skips an account or region it cannot vouch for", () => {
    const odd = { ...SAMPLES["AWS::AutoScaling::AutoScalingGroup"], id: "web-$&-asg", accountId: "unknown", region: "global" };
    expect(resourceCommands(remediationOf("asg-behind-load-balancer"), odd)).toEqual([
      "aws autoscaling attach-traffic-sources --auto-scaling-group-name web-$&-asg --traffic-sources Identifier=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067,Type=elbv2",
    ]);
  });

  it("has commands for every type of every rule, but for the cluster procedure rds-storage-encrypted tells in words", () => {
    const uncovered: string[] = [];
    for (const rule of allRules) {
      for (const type of rule.resourceTypes) {
        const commands = resourceCommands(rule.remediation, SAMPLES[type]);
        if (commands.length === 0) uncovered.push(`${rule.id} ${type}`);
        for (const command of commands) {
          expect(command).toContain(nameIn(SAMPLES[type]));
          expect(command).not.toContain("123456789012");
        }
      }
    }
    expect(uncovered).toEqual(["rds-storage-encrypted AWS::RDS::DBCluster"]);
  });
});
