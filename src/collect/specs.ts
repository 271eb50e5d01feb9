/**
 * What each collector reads and calls, apart from how: its service, scope,
 * resource types and IAM actions. The policies, the run plan and --services
 * need only these, so this module imports no collector and no AWS SDK client
 * (test/collect/lazy-collectors.test.ts keeps it so). Each collector module
 * builds its collector from its spec; index.ts pairs each spec with the
 * import of its collector.
 */
import type { CollectorSpec } from "./collector.js";

export const ec2Spec: CollectorSpec = {
  service: "ec2",
  scope: "regional",
  resourceTypes: ["AWS::EC2::SecurityGroup", "AWS::EC2::Instance", "AWS::EC2::Volume", "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::EIP", "AWS::EC2::LaunchTemplate"],
  permissions: [
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeInstances",
    "ec2:DescribeInstanceAttribute",
    "ec2:DescribeVolumes",
    "ec2:DescribeVpcs",
    "ec2:DescribeFlowLogs",
    "ec2:DescribeSubnets",
    "ec2:DescribeRouteTables",
    "ec2:DescribeAddresses",
    "ec2:DescribeLaunchTemplates",
    "ec2:DescribeLaunchTemplateVersions",
  ],
  targetedTypes: ["AWS::EC2::SecurityGroup", "AWS::EC2::Instance", "AWS::EC2::Volume", "AWS::EC2::LaunchTemplate"],
};

export const rdsSpec: CollectorSpec = {
  service: "rds",
  scope: "regional",
  resourceTypes: ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
  permissions: ["rds:DescribeDBInstances", "rds:DescribeDBClusters", "rds:DescribeDBParameters", "rds:DescribeDBClusterParameters"],
  targetedTypes: ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
};

export const autoscalingSpec: CollectorSpec = {
  service: "autoscaling",
  scope: "regional",
  resourceTypes: ["AWS::AutoScaling::AutoScalingGroup"],
  permissions: ["autoscaling:DescribeAutoScalingGroups"],
  targetedTypes: ["AWS::AutoScaling::AutoScalingGroup"],
};

export const elbv2Spec: CollectorSpec = {
  service: "elbv2",
  scope: "regional",
  resourceTypes: ["AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::TargetGroup"],
  permissions: [
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetGroupAttributes",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeSSLPolicies",
  ],
  targetedTypes: ["AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::TargetGroup"],
};

export const elbSpec: CollectorSpec = {
  service: "elb",
  scope: "regional",
  resourceTypes: ["AWS::ElasticLoadBalancing::LoadBalancer"],
  permissions: [
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeLoadBalancerPolicies",
  ],
  targetedTypes: ["AWS::ElasticLoadBalancing::LoadBalancer"],
};

export const cloudfrontSpec: CollectorSpec = {
  service: "cloudfront",
  scope: "global",
  resourceTypes: ["AWS::CloudFront::Distribution"],
  permissions: [
    "cloudfront:ListDistributions",
    "cloudfront:GetDistributionConfig",
    "cloudfront:ListTagsForResource",
    "cloudfront:ListCloudFrontOriginAccessIdentities",
    // A targeted read: the distribution and its config in one call.
    "cloudfront:GetDistribution",
  ],
  targetedTypes: ["AWS::CloudFront::Distribution"],
};

export const route53Spec: CollectorSpec = {
  service: "route53",
  scope: "global",
  resourceTypes: ["AWS::Route53::HostedZone", "AWS::Route53::RecordSet", "AWS::Route53::HealthCheck"],
  permissions: [
    "route53:ListHostedZones",
    "route53:ListResourceRecordSets",
    "route53:ListHealthChecks",
    "route53:ListTagsForResources",
    // Emulators without ListTagsForResources are asked per resource: a separate IAM action.
    "route53:ListTagsForResource",
    "cloudwatch:DescribeAlarms",
    // A targeted read: one health check, and the name of a record set's zone.
    "route53:GetHealthCheck",
    "route53:GetHostedZone",
  ],
  targetedTypes: ["AWS::Route53::RecordSet", "AWS::Route53::HealthCheck"],
};

export const dynamodbSpec: CollectorSpec = {
  service: "dynamodb",
  scope: "regional",
  resourceTypes: ["AWS::DynamoDB::Table"],
  permissions: ["dynamodb:ListTables", "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups"],
};

export const cloudtrailSpec: CollectorSpec = {
  service: "cloudtrail",
  scope: "global",
  resourceTypes: ["AWS::CloudTrail::Trail"],
  permissions: ["cloudtrail:ListTrails", "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"],
};

export const iamSpec: CollectorSpec = {
  service: "iam",
  scope: "global",
  resourceTypes: ["AWS::::Account"],
  permissions: ["iam:GetAccountSummary"],
};

export const s3Spec: CollectorSpec = {
  service: "s3",
  scope: "account",
  resourceTypes: ["AWS::S3::Bucket", "AWS::S3::AccountPublicAccessBlock"],
  // IAM names these apart from the API: ListBuckets is s3:ListAllMyBuckets, GetPublicAccessBlock
  // s3:GetBucketPublicAccessBlock, and S3 Control's GetPublicAccessBlock s3:GetAccountPublicAccessBlock.
  permissions: [
    "s3:ListAllMyBuckets",
    "s3:GetBucketPublicAccessBlock",
    "s3:GetBucketPolicy",
    "s3:GetBucketPolicyStatus",
    "s3:GetBucketAcl",
    "s3:GetBucketVersioning",
    "s3:GetAccountPublicAccessBlock",
  ],
};
