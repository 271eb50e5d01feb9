import type { ResourceType } from "./resource.js";

/**
 * Reads a collector makes only when an enabled rule needs them: per-resource
 * calls, one request per resource. Collectors name them (`ctx.reads(name)`),
 * rules declare them (`needs`), and the run plan joins the two, so no
 * collector knows a rule id. Each maps to the API operation it calls.
 */
export const OPTIONAL_READS = {
  "ec2.instanceAttribute.disableApiTermination": "EC2.DescribeInstanceAttribute",
  "elb.loadBalancerAttributes": "ElasticLoadBalancing.DescribeLoadBalancerAttributes",
  "elbv2.loadBalancerAttributes": "ElasticLoadBalancingV2.DescribeLoadBalancerAttributes",
  "elbv2.targetGroupAttributes": "ElasticLoadBalancingV2.DescribeTargetGroupAttributes",
  "cloudfront.distributionConfig": "CloudFront.GetDistributionConfig",
  "cloudfront.originAccessIdentities": "CloudFront.ListCloudFrontOriginAccessIdentities",
  "cloudwatch.healthCheckAlarms": "CloudWatch.DescribeAlarms",
  "s3.publicAccessBlock": "S3.GetPublicAccessBlock",
  "s3.bucketPolicy": "S3.GetBucketPolicy",
  "s3.bucketPolicyStatus": "S3.GetBucketPolicyStatus",
  "s3.bucketAcl": "S3.GetBucketAcl",
  "s3.bucketVersioning": "S3.GetBucketVersioning",
  "cloudtrail.trailStatus": "CloudTrail.GetTrailStatus",
  "cloudtrail.eventSelectors": "CloudTrail.GetEventSelectors",
  "ec2.launchTemplateVersions": "EC2.DescribeLaunchTemplateVersions",
  "rds.dbParameters": "RDS.DescribeDBParameters",
  "rds.dbClusterParameters": "RDS.DescribeDBClusterParameters",
  "elbv2.sslPolicies": "ElasticLoadBalancingV2.DescribeSSLPolicies",
  "elb.loadBalancerPolicies": "ElasticLoadBalancing.DescribeLoadBalancerPolicies",
  "dynamodb.continuousBackups": "DynamoDB.DescribeContinuousBackups",
} as const;

export type OptionalRead = keyof typeof OPTIONAL_READS;

/**
 * Per-resource reads a run may carry over from the previous one instead of
 * making again (src/collect/carried-reads.ts), with the type each fills: those
 * with no batch form whose value changes only through write events CloudTrail
 * names the resource in. `cloudfront.tags` is the distributions' ListTagsForResource.
 */
export const CARRIED_READS = {
  "ec2.instanceAttribute.disableApiTermination": "AWS::EC2::Instance",
  "cloudfront.distributionConfig": "AWS::CloudFront::Distribution",
  "cloudfront.tags": "AWS::CloudFront::Distribution",
  "elb.loadBalancerAttributes": "AWS::ElasticLoadBalancing::LoadBalancer",
  "elbv2.loadBalancerAttributes": "AWS::ElasticLoadBalancingV2::LoadBalancer",
  "elbv2.targetGroupAttributes": "AWS::ElasticLoadBalancingV2::TargetGroup",
  "s3.publicAccessBlock": "AWS::S3::Bucket",
  "s3.bucketPolicy": "AWS::S3::Bucket",
  "s3.bucketPolicyStatus": "AWS::S3::Bucket",
  "s3.bucketAcl": "AWS::S3::Bucket",
  "s3.bucketVersioning": "AWS::S3::Bucket",
  "dynamodb.continuousBackups": "AWS::DynamoDB::Table",
} as const satisfies Record<string, ResourceType>;

export type CarriedRead = keyof typeof CARRIED_READS;

/** The types whose records a carry-over needs from the previous run. */
export const CARRIED_TYPES: readonly ResourceType[] = [...new Set(Object.values(CARRIED_READS))];
