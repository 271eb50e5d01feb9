import * as z from "zod";
import { collectionGap } from "../lib/collection-gap.js";
import type { InstanceAttributes, LaunchTemplateVersionSettings } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import type { Outcome, RuleContext } from "../../src/evaluate/rule.js";
import { cannotEvaluate, defineRule, fail, pass } from "../../src/evaluate/rule.js";
import { unlessRunning } from "./instance-lifecycle.js";
import type { Launch, LaunchTemplateRecord } from "./launch-template-use.js";
import { LAUNCH_TEMPLATE, launchesOf, resolvedVersion } from "./launch-template-use.js";

const INSTANCE = "AWS::EC2::Instance";

/** IMDSv1 answers any unauthenticated GET, which is what an SSRF flaw in the application can send. */
export default defineRule({
  id: "ec2-imdsv2-required",
  title: "Instances and the launch templates Auto Scaling launches from require IMDSv2",
  service: "ec2",
  severity: "high",
  resourceTypes: [INSTANCE, LAUNCH_TEMPLATE],
  rationale:
    "The instance metadata service hands out the instance role's credentials. IMDSv1 answers any plain HTTP GET, so a server-side request forgery in the application is enough to steal them; IMDSv2 requires a session token obtained with a PUT, which such requests cannot send. A launch template that does not require IMDSv2 gives every instance its Auto Scaling group launches the same exposure.",
  remediation:
    "Require IMDSv2 on a running instance (applications must use the AWS SDKs or IMDSv2 calls; no restart needed):\n" +
    "aws ec2 modify-instance-metadata-options --instance-id i-0123456789abcdef0 --http-tokens required --http-endpoint enabled\n" +
    "For a launch template, create a version that requires it from the version in use, make it the default, and replace the group's instances:\n" +
    "aws ec2 create-launch-template-version --launch-template-id lt-0123456789abcdef0 --source-version 1 --launch-template-data '{\"MetadataOptions\":{\"HttpTokens\":\"required\"}}'\n" +
    "aws ec2 modify-launch-template --launch-template-id lt-0123456789abcdef0 --default-version 2\n" +
    "aws autoscaling start-instance-refresh --auto-scaling-group-name web-asg\n" +
    "(a group pinned to a version number must be updated to the new one). New instances of the region can default to IMDSv2 as well:\n" +
    "aws ec2 modify-instance-metadata-defaults --http-tokens required --region us-east-1",
  references: { awsConfig: "ec2-imdsv2-check", securityHub: "EC2.8, AutoScaling.3" },
  needs: ["ec2.launchTemplateVersions"],
  params: z.object({}).strict(),
  evaluate(resource: ResourceRecord<any>, ctx: RuleContext<unknown>) {
    return resource.type === INSTANCE ? evaluateInstance(resource) : evaluateLaunchTemplate(resource, ctx);
  },
});

function evaluateInstance(instance: ResourceRecord<InstanceAttributes>): Outcome {
  const lifecycle = unlessRunning(instance);
  if (lifecycle) return lifecycle;
  const { httpTokens, httpEndpoint } = instance.attributes;
  const evidence = { httpTokens: httpTokens ?? null, httpEndpoint: httpEndpoint ?? null };
  if (httpEndpoint === "disabled") return pass("the instance metadata service is disabled (HttpEndpoint: disabled)", evidence);
  if (httpTokens === "required") return pass("IMDSv2 is required (HttpTokens: required)", evidence);
  if (httpTokens === undefined) return cannotEvaluate("DescribeInstances returned no MetadataOptions.HttpTokens for the instance");
  return fail(`IMDSv1 is allowed (HttpTokens: ${httpTokens}, HttpEndpoint: ${httpEndpoint ?? "enabled"}): the role's credentials answer a plain GET`, evidence);
}

/** One Auto Scaling group's use of the template, as the evidence names it. */
interface Use {
  autoScalingGroup: string;
  version: string;
  versionNumber?: number;
  httpTokens?: string | null;
  httpEndpoint?: string | null;
  why: string;
}

interface JudgedUse {
  use: Use;
  verdict: "pass" | "fail" | "unknown";
}

/**
 * Judged on the versions the Auto Scaling groups launch, one use per group
 * (and per override of a mixed instances policy naming it). A failing use is
 * a FAIL even when other groups were not read; otherwise a use, or a group,
 * that could not be read is an ERROR.
 */
function evaluateLaunchTemplate(template: LaunchTemplateRecord, ctx: RuleContext<unknown>): Outcome {
  const { snapshot } = ctx;
  const launches = launchesOf(template, snapshot);
  const gap = collectionGap(snapshot, "AWS::AutoScaling::AutoScalingGroup", template.region);
  if (launches.length === 0) return gap ? cannotEvaluate(groupsUnread(gap)) : { status: "NOT_APPLICABLE", reason: `no Auto Scaling group in ${template.region} launches from this template` };
  const { versions } = template.attributes;
  if (versions === undefined) return cannotEvaluate("the template's versions were not collected (DescribeLaunchTemplateVersions)");
  const judged = launches.map((launch) => judgeUse(template, versions, launch));
  const evidence = { defaultVersion: template.attributes.defaultVersion, latestVersion: template.attributes.latestVersion, uses: judged.map((j) => j.use) };
  const described = ({ use }: JudgedUse) => `version ${use.versionNumber ?? use.version}${use.version.startsWith("$") ? ` (${use.version})` : ""}, launched by ${use.autoScalingGroup}, ${use.why}`;
  const failing = judged.filter((j) => j.verdict === "fail");
  if (failing.length > 0) return fail(failing.map(described).join("; "), evidence);
  const unknown = judged.filter((j) => j.verdict === "unknown");
  if (unknown.length > 0) return cannotEvaluate(unknown.map(described).join("; "));
  if (gap) return cannotEvaluate(groupsUnread(gap));
  return pass(judged.map(described).join("; "), evidence);
}

function groupsUnread(gap: string): string {
  return `${gap}, so groups launching from this template may be missing`;
}

function judgeUse(template: LaunchTemplateRecord, versions: LaunchTemplateVersionSettings[], { autoScalingGroup, version }: Launch): JudgedUse {
  const versionNumber = resolvedVersion(template, version);
  const settings = versionNumber === undefined ? undefined : versions.find((v) => v.version === versionNumber);
  if (versionNumber === undefined || !settings) {
    const why = versionNumber === undefined ? `version ${version} is not a version number, $Default or $Latest` : `version ${versionNumber} was not read (it may have been deleted)`;
    return { use: versionNumber === undefined ? { autoScalingGroup, version, why } : { autoScalingGroup, version, versionNumber, why }, verdict: "unknown" };
  }
  const passes = settings.httpEndpoint === "disabled" || settings.httpTokens === "required";
  return {
    use: { autoScalingGroup, version, versionNumber, httpTokens: settings.httpTokens ?? null, httpEndpoint: settings.httpEndpoint ?? null, why: whyOf(settings) },
    verdict: passes ? "pass" : "fail",
  };
}

function whyOf(settings: LaunchTemplateVersionSettings): string {
  if (settings.httpEndpoint === "disabled") return "disables the metadata service";
  if (settings.httpTokens === "required") return "requires IMDSv2";
  if (settings.httpTokens === undefined) return "does not set HttpTokens, so its instances allow IMDSv1 unless the AMI or the account's instance metadata defaults require IMDSv2";
  return `allows IMDSv1 (HttpTokens: ${settings.httpTokens})`;
}
