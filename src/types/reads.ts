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
 * making again (src/collect/carried-reads.ts): those with no batch form whose
 * value changes only through write events CloudTrail names the resource in.
 * `cloudfront.tags` is the distributions' ListTagsForResource.
 */
export const CARRIED_READS = [
  "ec2.instanceAttribute.disableApiTermination",
  "cloudfront.distributionConfig",
  "cloudfront.tags",
  "elb.loadBalancerAttributes",
  "elbv2.loadBalancerAttributes",
  "elbv2.targetGroupAttributes",
  "s3.publicAccessBlock",
  "s3.bucketPolicy",
  "s3.bucketPolicyStatus",
  "s3.bucketAcl",
  "s3.bucketVersioning",
  "dynamodb.continuousBackups",
] as const;

export type CarriedRead = (typeof CARRIED_READS)[number];
