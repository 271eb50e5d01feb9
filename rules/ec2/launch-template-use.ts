/**
 * Which Auto Scaling groups launch from a launch template, and which of its
 * versions each launches. A group names the template by id or by name (the
 * API returns both when it was given one), and a version as "$Default"
 * (also when it names none), "$Latest" or a number.
 */
import type { AutoScalingGroupAttributes, LaunchTemplateAttributes, LaunchTemplateSpecification } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import type { SnapshotIndex } from "../../src/evaluate/snapshot-index.js";
import { compareText } from "../../src/types/order.js";

export const LAUNCH_TEMPLATE = "AWS::EC2::LaunchTemplate";
const AUTO_SCALING_GROUP = "AWS::AutoScaling::AutoScalingGroup";

export type LaunchTemplateRecord = ResourceRecord<LaunchTemplateAttributes>;

export interface Launch {
  autoScalingGroup: string;
  /** As the group names it: "$Default", "$Latest" or a number. */
  version: string;
}

/** Every (group, version) of the template's region that launches from it, groups in id order. */
export function launchesOf(template: LaunchTemplateRecord, snapshot: SnapshotIndex): Launch[] {
  const groups = snapshot.inRegion<AutoScalingGroupAttributes>(AUTO_SCALING_GROUP, template.region);
  return groups
    .flatMap((group) => {
      const specs = [group.attributes.launchTemplate, ...(group.attributes.overrideLaunchTemplates ?? [])];
      const versions = specs.filter((spec): spec is LaunchTemplateSpecification => spec !== undefined && names(spec, template)).map((spec) => spec.version ?? "$Default");
      return [...new Set(versions)].map((version) => ({ autoScalingGroup: group.id, version }));
    })
    .sort((a, b) => compareText(a.autoScalingGroup, b.autoScalingGroup));
}

/** An id is decisive: a template deleted and re-created under the same name has a new id. */
function names(spec: LaunchTemplateSpecification, template: LaunchTemplateRecord): boolean {
  return spec.id !== undefined ? spec.id === template.id : spec.name !== undefined && spec.name === template.name;
}

/** The version number a group's version launches; undefined for a value that is none of the three forms. */
export function resolvedVersion(template: LaunchTemplateRecord, version: string): number | undefined {
  if (version === "$Default") return template.attributes.defaultVersion;
  if (version === "$Latest") return template.attributes.latestVersion;
  return /^\d+$/.test(version) ? Number(version) : undefined;
}
