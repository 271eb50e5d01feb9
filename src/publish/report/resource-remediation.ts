/**
 * A rule's remediation with one failing resource's own values in place of
 * the example ones. Rules write their aws CLI commands around well-known
 * examples (the documentation account 123456789012, us-east-1, ids such as
 * sg-0123456789abcdef0 or app-db), so swapping those for the finding's id,
 * account and region gives commands to copy, with no placeholder syntax in
 * the rules. An example of another resource type (the security group in an
 * RDS rule's command) stays an example.
 */
import type { FindingResource } from "../../types/finding.js";
import type { ResourceType } from "../../types/resource.js";
import { GLOBAL_RESOURCE_TYPES } from "../../types/resource.js";

interface ExampleId {
  /** Global, so that every occurrence in a line is replaced. */
  example: RegExp;
  /** The resource's value for it, or undefined when the resource has none of that shape. */
  value(resource: FindingResource): string | undefined;
}

const id = (resource: FindingResource) => resource.id;
const arnMatching = (shape: RegExp) => (resource: FindingResource) => (resource.arn && shape.test(resource.arn) ? resource.arn : undefined);
/** `app/api-alb/7b3d2c1a0f9e8d7c` of a load balancer's ARN, which its listeners' ARNs repeat. */
const loadBalancerPath = (resource: FindingResource) => resource.arn?.match(/:loadbalancer\/((?:app|net|gwy)\/[\w-]+\/[0-9a-f]+)$/)?.[1];
/** A name the rules use as an example, matched as a whole word or as the start of one derived from it (app-db-plain). */
const exampleName = (name: string) => new RegExp(`(?<![\\w.-])${name}\\b`, "g");

/** The example ids the rules' commands use, by the resource type they stand for; a test checks that every rule's types are covered. */
const EXAMPLE_IDS: Partial<Record<ResourceType, ExampleId[]>> = {
  "AWS::EC2::SecurityGroup": [{ example: /\bsg-0123456789abcdef0\b/g, value: id }],
  "AWS::EC2::Instance": [{ example: /\bi-0123456789abcdef0\b/g, value: id }],
  "AWS::EC2::Volume": [{ example: /\bvol-0123456789abcdef0\b/g, value: id }],
  "AWS::EC2::VPC": [{ example: /\bvpc-0123456789abcdef0\b/g, value: id }],
  "AWS::EC2::EIP": [{ example: /\beipalloc-0123456789abcdef0\b/g, value: (r) => (r.id.startsWith("eipalloc-") ? r.id : undefined) }],
  "AWS::RDS::DBInstance": [{ example: exampleName("app-db"), value: id }],
  "AWS::RDS::DBCluster": [{ example: exampleName("app-cluster"), value: id }],
  "AWS::AutoScaling::AutoScalingGroup": [{ example: exampleName("web-asg"), value: id }],
  "AWS::ElasticLoadBalancing::LoadBalancer": [{ example: exampleName("web-classic"), value: id }],
  "AWS::ElasticLoadBalancingV2::LoadBalancer": [
    { example: /arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(?:app|net|gwy)\/[\w-]+\/[0-9a-f]+/g, value: arnMatching(/:loadbalancer\/(app|net|gwy)\//) },
    { example: /(?<=:listener\/)(?:app|net|gwy)\/[\w-]+\/[0-9a-f]+(?=\/)/g, value: loadBalancerPath },
  ],
  "AWS::ElasticLoadBalancingV2::TargetGroup": [
    { example: /arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[\w-]+\/[0-9a-f]+/g, value: arnMatching(/:targetgroup\//) },
  ],
  "AWS::CloudFront::Distribution": [{ example: /\bE2QWRUHAPOMQZL\b/g, value: id }],
  "AWS::Route53::HealthCheck": [{ example: /\babcdef11-2222-3333-4444-555555fedcba\b/g, value: id }],
  "AWS::Route53::HostedZone": [{ example: /\bZ0123456789ABCDEFGHIJ\b/g, value: id }],
  // A record's id is "<zone id>/<name>/<type>[/<set id>]"; its commands name the zone.
  "AWS::Route53::RecordSet": [{ example: /\bZ0123456789ABCDEFGHIJ\b/g, value: (r) => r.id.split("/")[0] }],
  "AWS::EC2::LaunchTemplate": [{ example: /\blt-0123456789abcdef0\b/g, value: id }],
  "AWS::S3::Bucket": [{ example: exampleName("amzn-s3-demo-bucket"), value: id }],
  // A trail's id is its ARN, which --name takes as well as the name.
  "AWS::CloudTrail::Trail": [{ example: exampleName("management-events"), value: id }],
  "AWS::DynamoDB::Table": [{ example: exampleName("app-sessions"), value: id }],
  // The account-level settings' commands name only the account, which every command gets.
  "AWS::S3::AccountPublicAccessBlock": [],
  // The account's id is the account itself: its commands name it (assume-root's target, a trail's ARN).
  "AWS::::Account": [{ example: /\b123456789012\b/g, value: id }],
};

const EXAMPLE_ACCOUNT = /\b123456789012\b/g;
/** us-east-1 alone (ARNs, --region, --source-region) or as an Availability Zone's prefix (us-east-1b). */
const EXAMPLE_REGION = /\bus-east-1(?=[a-z]?\b)/g;
const ACCOUNT_ID = /^\d{12}$/;
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const COMMAND = /^aws [a-z0-9-]+ [a-z0-9-]+/;

/**
 * The remediation's command lines that name an example of this resource's
 * kind, with its id, account and region in place of the examples; none when
 * no line does (the rule's text then stands as written). Lines about other
 * resources, and prose, are left to the rule's own remediation.
 */
export function resourceCommands(remediation: string, resource: FindingResource): string[] {
  const examples = (EXAMPLE_IDS[resource.type] ?? []).flatMap(({ example, value }) => {
    const filled = value(resource);
    return filled === undefined ? [] : [{ example, filled }];
  });
  const regional = !GLOBAL_RESOURCE_TYPES.includes(resource.type) && REGION_NAME.test(resource.region);
  return remediation
    .split("\n")
    .filter((line) => COMMAND.test(line))
    .flatMap((line) => {
      // search, unlike test, neither reads nor moves a global pattern's lastIndex.
      const named = examples.filter(({ example }) => line.search(example) >= 0);
      if (named.length === 0) return [];
      // A replacer function takes the value literally, `$` and all.
      let command = named.reduce((text, { example, filled }) => text.replace(example, () => filled), line);
      if (ACCOUNT_ID.test(resource.accountId)) command = command.replace(EXAMPLE_ACCOUNT, resource.accountId);
      if (!regional) return [command];
      command = command.replace(EXAMPLE_REGION, resource.region);
      // Regional commands go where the resource is, whatever the shell's default region.
      return [/\s--region\s/.test(command) ? command : command.replace(COMMAND, (head) => `${head} --region ${resource.region}`)];
    });
}
