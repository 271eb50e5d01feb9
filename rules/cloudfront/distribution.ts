/** What the CloudFront rules share: naming cache behaviors and telling an unread distribution config apart. */
import type { Outcome, RuleContext } from "../../src/evaluate/rule.js";
import { cannotEvaluate } from "../../src/evaluate/rule.js";
import type { CacheBehavior, DistributionAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";

export const DISTRIBUTION = "AWS::CloudFront::Distribution";

export type Distribution = ResourceRecord<DistributionAttributes>;

/** The default behavior has no path pattern; CloudFront applies it to "*". */
export const DEFAULT_BEHAVIOR_LABEL = "default (*)";

/** Every cache behavior with the label reports use for it: its path pattern, or "default (*)". */
export function behaviorsOf(distribution: DistributionAttributes): { label: string; behavior: CacheBehavior }[] {
  return [
    { label: DEFAULT_BEHAVIOR_LABEL, behavior: distribution.defaultCacheBehavior },
    ...distribution.cacheBehaviors.map((behavior) => ({ label: behavior.pathPattern ?? "?", behavior })),
  ];
}

/**
 * ListDistributions summaries carry no DefaultRootObject and no Logging; both come from
 * GetDistributionConfig, and `logging` is absent exactly when that read failed. A rule reading
 * either field reports this ERROR then, instead of judging a field that was never read.
 */
export function configNotRead(distribution: Distribution, ctx: RuleContext<unknown>): Outcome {
  const incomplete = ctx.snapshot.complete(DISTRIBUTION, distribution.region) ? "" : ` (CloudFront collection in ${distribution.region} was incomplete)`;
  return cannotEvaluate(`the distribution's configuration was not read${incomplete}`);
}
