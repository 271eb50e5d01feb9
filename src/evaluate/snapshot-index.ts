import type { CollectionError, ResourceRecord, ResourceType, Snapshot } from "../types/resource.js";
import { isIncomplete } from "../types/resource.js";
import { guardUnreadable } from "./unreadable.js";

type Found = ResourceRecord<any> | ResourceRecord<any>[];

/**
 * Lookups rules use to see related resources; built once per evaluation.
 * The maps behind lookups are built on first use and per type: most rules
 * never look a related resource up, and those that do look up a few types.
 */
export class SnapshotIndex {
  readonly accountId: string;
  readonly errors: CollectionError[];
  private readonly resources: ResourceRecord<any>[];
  private readonly byType: Map<string, ResourceRecord<any>[]>;
  private readonly byIdOfType = new Map<string, Map<string, Found>>();
  private readonly byArnOfType = new Map<string, Map<string, ResourceRecord<any>>>();
  private readonly byRegionOfType = new Map<string, Map<string, ResourceRecord<any>[]>>();
  private byArnMap?: Map<string, ResourceRecord<any>>;

  constructor(snapshot: Pick<Snapshot, "accountId" | "resources" | "errors">) {
    this.accountId = snapshot.accountId;
    this.errors = snapshot.errors;
    // Related lookups see the same guarded records as the resource under evaluation.
    // Loops over all the records are indexed: they run once per evaluation, and a for…of
    // would make an iterator result per record before the engine optimizes it.
    this.resources = snapshot.resources.map(guardUnreadable);
    this.byType = groupByType(this.resources);
  }

  all<A = Record<string, unknown>>(type: ResourceType): ResourceRecord<A>[] {
    return this.ofType(type);
  }

  /** Resources of `type` in `region`, in snapshot order; a new array the caller may keep or sort. */
  inRegion<A = Record<string, unknown>>(type: ResourceType, region: string): ResourceRecord<A>[] {
    let byRegion = this.byRegionOfType.get(type);
    if (!byRegion) {
      byRegion = new Map();
      const all = this.ofType(type);
      for (let i = 0; i < all.length; i++) {
        const r = all[i]!;
        const list = byRegion.get(r.region);
        if (list) list.push(r);
        else byRegion.set(r.region, [r]);
      }
      this.byRegionOfType.set(type, byRegion);
    }
    return byRegion.get(region)?.slice() ?? [];
  }

  get<A = Record<string, unknown>>(type: ResourceType, region: string, id: string): ResourceRecord<A> | undefined {
    const found = this.byIdOf(type).get(id);
    // By id alone (ids rarely repeat across regions), so building the map needs no key strings.
    if (found === undefined || !Array.isArray(found)) return found && found.region === region ? found : undefined;
    return found.find((r) => r.region === region);
  }

  /** The resource with this ARN; given its type, only that type's ARNs are indexed. */
  getByArn<A = Record<string, unknown>>(arn: string, type?: ResourceType): ResourceRecord<A> | undefined {
    if (type === undefined) return (this.byArnMap ??= arnMap(this.resources)).get(arn);
    let map = this.byArnOfType.get(type);
    if (!map) this.byArnOfType.set(type, (map = arnMap(this.ofType(type))));
    return map.get(arn);
  }

  /** Whether `type` in `region` was fully collected; rules say ERROR rather than guess when it was not. */
  complete(type: ResourceType, region: string): boolean {
    return this.errors.length === 0 || !isIncomplete(this.errors, region, type);
  }

  /**
   * The lookups' own way to a type's records, not the overridable all(): a subclass that notes what a rule
   * asks for (dependents.ts) must not see the index build its maps as the rule asking for the whole type.
   */
  private ofType(type: ResourceType): ResourceRecord<any>[] {
    return this.byType.get(type) ?? [];
  }

  private byIdOf(type: ResourceType): Map<string, Found> {
    let map = this.byIdOfType.get(type);
    if (map) return map;
    map = new Map();
    const all = this.ofType(type);
    for (let i = 0; i < all.length; i++) {
      const r = all[i]!;
      const found = map.get(r.id);
      if (found === undefined) map.set(r.id, r);
      else if (Array.isArray(found)) found.push(r);
      else map.set(r.id, [found, r]);
    }
    this.byIdOfType.set(type, map);
    return map;
  }
}

/**
 * Each type's records in snapshot order, every list made at its final length: grown one record at a time, the long
 * ones would be copied as they grow. A snapshot lists a type's records together, so it is read run by run.
 */
function groupByType(resources: ResourceRecord<any>[]): Map<string, ResourceRecord<any>[]> {
  const counts = new Map<string, number>();
  forEachRun(resources, (type, start, end) => counts.set(type, (counts.get(type) ?? 0) + end - start));
  const byType = new Map<string, ResourceRecord<any>[]>();
  for (const [type, count] of counts) byType.set(type, new Array(count));
  const filled = new Map<string, number>();
  forEachRun(resources, (type, start, end) => {
    const list = byType.get(type)!;
    let at = filled.get(type) ?? 0;
    for (let i = start; i < end; i++) list[at++] = resources[i]!;
    filled.set(type, at);
  });
  return byType;
}

/** Calls `run` for each stretch of records of one type, [start, end). */
function forEachRun(resources: ResourceRecord<any>[], run: (type: string, start: number, end: number) => void): void {
  for (let start = 0; start < resources.length; ) {
    const type = resources[start]!.type;
    let end = start + 1;
    while (end < resources.length && resources[end]!.type === type) end++;
    run(type, start, end);
    start = end;
  }
}

/** ARN → resource; of two resources with one ARN the later wins. */
function arnMap(resources: ResourceRecord<any>[]): Map<string, ResourceRecord<any>> {
  const map = new Map<string, ResourceRecord<any>>();
  for (let i = 0; i < resources.length; i++) if (resources[i]!.arn) map.set(resources[i]!.arn!, resources[i]!);
  return map;
}
