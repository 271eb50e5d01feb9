/**
 * Every collector driftwarden runs, one per service: its spec, and its module
 * imported only when a run runs it. A collector's module brings its AWS SDK
 * client (EC2's alone takes half a second to load), so the policies, the run
 * plan and a run of some services load none they do not run; the CLI's build
 * puts each in a chunk of its own (scripts/build-cli.mjs).
 */
import type { Collector, LazyCollector } from "./collector.js";
import { autoscalingSpec, cloudfrontSpec, cloudtrailSpec, dynamodbSpec, ec2Spec, elbSpec, elbv2Spec, iamSpec, rdsSpec, route53Spec, s3Spec } from "./specs.js";

export const allCollectors: LazyCollector[] = [
  { ...ec2Spec, load: inTurn(async () => (await import("./ec2/collector.js")).ec2Collector) },
  { ...rdsSpec, load: inTurn(async () => (await import("./rds.js")).rdsCollector) },
  { ...autoscalingSpec, load: inTurn(async () => (await import("./autoscaling.js")).autoscalingCollector) },
  { ...elbv2Spec, load: inTurn(async () => (await import("./elb/v2.js")).elbv2Collector) },
  { ...elbSpec, load: inTurn(async () => (await import("./elb/classic.js")).elbCollector) },
  { ...cloudfrontSpec, load: inTurn(async () => (await import("./cloudfront.js")).cloudfrontCollector) },
  { ...route53Spec, load: inTurn(async () => (await import("./route53/collector.js")).route53Collector) },
  { ...dynamodbSpec, load: inTurn(async () => (await import("./dynamodb.js")).dynamodbCollector) },
  { ...cloudtrailSpec, load: inTurn(async () => (await import("./cloudtrail/collector.js")).cloudtrailCollector) },
  { ...iamSpec, load: inTurn(async () => (await import("./iam.js")).iamCollector) },
  { ...s3Spec, load: inTurn(async () => (await import("./s3/collector.js")).s3Collector) },
];

let importing: Promise<unknown> = Promise.resolve();

/**
 * The import, started once the one before it has ended. Evaluating a module
 * is the one thread's work, so imports at once end no sooner; and under Jest
 * on Node 20, imports at once of modules that share a dependency fail to link
 * ("request for '../types/canonical.js' is not in cache").
 */
function inTurn(load: () => Promise<Collector<any>>): () => Promise<Collector<any>> {
  return () => {
    const loaded = importing.then(load);
    importing = loaded.catch(() => undefined);
    return loaded;
  };
}
