/**
 * Which Auto Scaling groups launch from a launch template, and which of its
 * versions each launches. A group names the template by id or by name (the
 * API returns both when it was given one), and a version as "$Default"
 * (also when it names none), "$Latest" or a number.
 */
import type { AutoScalingGroupAttributes, LaunchTemplateAttributes } from "../../src/types/attributes.js";
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
  const index = launchIndex(snapshot.all<AutoScalingGroupAttributes>(AUTO_SCALING_GROUP));
  const byGroup = new Map<string, Set<string>>();
  // A spec with an id names the template by it alone (a template deleted and re-created under the same name has a new id).
  for (const at of [`${template.region} id ${template.id}`, template.name && `${template.region} name ${template.name}`]) {
    for (const launch of (at && index.get(at)) || []) (byGroup.get(launch.autoScalingGroup) ?? byGroup.set(launch.autoScalingGroup, new Set()).get(launch.autoScalingGroup)!).add(launch.version);
  }
  return [...byGroup]
    .sort(([a], [b]) => compareText(a, b))
    .flatMap(([autoScalingGroup, versions]) => [...versions].map((version) => ({ autoScalingGroup, version })));
}

type Group = ResourceRecord<AutoScalingGroupAttributes>;

/**
 * The groups' launches by "region id <template id>" or "region name <template
 * name>", built once per list of groups (the snapshot index hands every
 * template the same list): scanning the groups for each template would cost
 * templates × groups.
 */
const built = new WeakMap<Group[], Map<string, Launch[]>>();

function launchIndex(groups: Group[]): Map<string, Launch[]> {
  let index = built.get(groups);
  if (index) return index;
  index = new Map();
  for (const group of groups) {
    for (const spec of [group.attributes.launchTemplate, ...(group.attributes.overrideLaunchTemplates ?? [])]) {
      const at = spec?.id !== undefined ? `${group.region} id ${spec.id}` : spec?.name !== undefined ? `${group.region} name ${spec.name}` : undefined;
      if (at) index.set(at, [...(index.get(at) ?? []), { autoScalingGroup: group.id, version: spec!.version ?? "$Default" }]);
    }
  }
  built.set(groups, index);
  return index;
}

/** The version number a group's version launches; undefined for a value that is none of the three forms. */
export function resolvedVersion(template: LaunchTemplateRecord, version: string): number | undefined {
  if (version === "$Default") return template.attributes.defaultVersion;
  if (version === "$Latest") return template.attributes.latestVersion;
  return /^\d+$/.test(version) ? Number(version) : undefined;
}
