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
  "cloudwatch.healthCheckAlarms": "CloudWatch.DescribeAlarms",
} as const;

export type OptionalRead = keyof typeof OPTIONAL_READS;
