/**
 * What a run looked at: its regions (plus the global services), its enabled
 * rules, and the resource types it read (all of them, unless a run of some
 * services). A run of fewer regions, rules or services than the last one says
 * nothing about the rest: their resources and findings are neither drift nor
 * resolved, and are kept as they were for the next full run.
 */
import type { Finding } from "../types/finding.js";
import type { ResourceRecord, ResourceType, Snapshot } from "../types/resource.js";
import { compareResources, GLOBAL_RESOURCE_TYPES, keptFrom } from "../types/resource.js";
import { resourceKey } from "../types/canonical.js";
import type { PreviousState } from "./compare-runs.js";

export interface AuditScope {
  regions: string[];
  ruleIds: string[];
  /** The types read (--services); absent: every type. */
  resourceTypes?: readonly ResourceType[];
  /**
   * The resources re-read or re-judged, by key (the event path); absent: every
   * resource of the regions and types. The others are left exactly as stored:
   * not kept from an earlier run, since the run claims nothing about them.
   */
  resourceKeys?: ReadonlySet<string>;
}

export function resourceInScope(resource: Pick<ResourceRecord, "type" | "region" | "id">, scope: Pick<AuditScope, "regions" | "resourceTypes" | "resourceKeys">): boolean {
  if (scope.resourceTypes && !scope.resourceTypes.includes(resource.type)) return false;
  if (scope.resourceKeys && !scope.resourceKeys.has(resourceKey(resource))) return false;
  return GLOBAL_RESOURCE_TYPES.includes(resource.type) || scope.regions.includes(resource.region);
}

export function findingInScope(finding: Finding, scope: AuditScope): boolean {
  return scope.ruleIds.includes(finding.ruleId) && resourceInScope(finding.resource, scope);
}

export interface ScopedPrevious {
  /** The part of the previous run this run can be compared with. */
  compared: PreviousState;
  /** The rest, to be kept as it is. */
  kept: { resources: ResourceRecord[]; findings: Finding[]; regions: string[] };
}

export function splitByScope(previous: PreviousState, scope: AuditScope): ScopedPrevious {
  const [resourcesIn, resourcesOut] = partition(previous.snapshot.resources, (r) => resourceInScope(r, scope));
  const [findingsIn, findingsOut] = partition(previous.findings, (f) => findingInScope(f, scope));
  return {
    compared: { snapshot: { ...previous.snapshot, resources: resourcesIn }, findings: findingsIn },
    kept: {
      resources: scope.resourceKeys ? resourcesOut : resourcesOut.map((r) => keptFrom(r, previous.snapshot.takenAt)),
      findings: findingsOut,
      regions: previous.snapshot.regions.filter((r) => !scope.regions.includes(r)),
    },
  };
}

/** This run's snapshot with the previous run's out-of-scope records, as the store should keep it. */
export function withKept(snapshot: Snapshot, kept: ScopedPrevious["kept"] | undefined): Snapshot {
  if (!kept || (kept.resources.length === 0 && kept.regions.length === 0)) return snapshot;
  return { ...snapshot, regions: [...snapshot.regions, ...kept.regions], resources: [...snapshot.resources, ...kept.resources].sort(compareResources) };
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}
