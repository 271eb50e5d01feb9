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

/** Every (group, version) of the template's region that launches from it, groups in id order; shared records, to read only. */
export function launchesOf(template: LaunchTemplateRecord, snapshot: SnapshotIndex): Launch[] {
  const inRegion = launchIndex(snapshot.all<AutoScalingGroupAttributes>(AUTO_SCALING_GROUP)).get(template.region);
  if (!inRegion) return [];
  const launches: Launch[] = [];
  // A spec with an id names the template by it alone (a template deleted and re-created under the same name has a new id).
  addNew(launches, inRegion.byId.get(template.id));
  if (template.name) addNew(launches, inRegion.byName.get(template.name));
  // Stable: a group's versions stay in the order they were found.
  return launches.length > 1 ? launches.sort(byGroup) : launches;
}

/** Each of `found` not already among `launches`, in order. */
function addNew(launches: Launch[], found: Launch[] | undefined): void {
  for (const launch of found ?? []) {
    if (!launches.some((l) => l.autoScalingGroup === launch.autoScalingGroup && l.version === launch.version)) launches.push(launch);
  }
}

function byGroup(a: Launch, b: Launch): number {
  return compareText(a.autoScalingGroup, b.autoScalingGroup);
}

type Group = ResourceRecord<AutoScalingGroupAttributes>;

/** A region's launches by the template id, or the name, that the group's spec names it by. */
interface RegionLaunches {
  byId: Map<string, Launch[]>;
  byName: Map<string, Launch[]>;
}

/**
 * The groups' launches by region, built once per list of groups (the snapshot
 * index hands every template the same list): scanning the groups for each
 * template would cost templates × groups.
 */
const built = new WeakMap<Group[], Map<string, RegionLaunches>>();

function launchIndex(groups: Group[]): Map<string, RegionLaunches> {
  let index = built.get(groups);
  if (index) return index;
  index = new Map();
  for (const group of groups) {
    for (const spec of [group.attributes.launchTemplate, ...(group.attributes.overrideLaunchTemplates ?? [])]) {
      if (!spec || (spec.id === undefined && spec.name === undefined)) continue;
      let inRegion = index.get(group.region);
      if (!inRegion) index.set(group.region, (inRegion = { byId: new Map(), byName: new Map() }));
      const [by, key] = spec.id !== undefined ? [inRegion.byId, spec.id] : [inRegion.byName, spec.name!];
      const launch = { autoScalingGroup: group.id, version: spec.version ?? "$Default" };
      const launches = by.get(key);
      if (launches) launches.push(launch);
      else by.set(key, [launch]);
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
