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
  private readonly byType = new Map<string, ResourceRecord<any>[]>();
  private readonly byIdOfType = new Map<string, Map<string, Found>>();
  private readonly byArnOfType = new Map<string, Map<string, ResourceRecord<any>>>();
  private readonly byRegionOfType = new Map<string, Map<string, ResourceRecord<any>[]>>();
  private byArnMap?: Map<string, ResourceRecord<any>>;

  constructor(snapshot: Pick<Snapshot, "accountId" | "resources" | "errors">) {
    this.accountId = snapshot.accountId;
    this.errors = snapshot.errors;
    // Related lookups see the same guarded records as the resource under evaluation.
    this.resources = snapshot.resources.map(guardUnreadable);
    for (const resource of this.resources) {
      const list = this.byType.get(resource.type);
      if (list) list.push(resource);
      else this.byType.set(resource.type, [resource]);
    }
  }

  all<A = Record<string, unknown>>(type: ResourceType): ResourceRecord<A>[] {
    return this.byType.get(type) ?? [];
  }

  /** Resources of `type` in `region`, in snapshot order; a new array the caller may keep or sort. */
  inRegion<A = Record<string, unknown>>(type: ResourceType, region: string): ResourceRecord<A>[] {
    let byRegion = this.byRegionOfType.get(type);
    if (!byRegion) {
      byRegion = new Map();
      for (const r of this.all(type)) {
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
    if (!map) this.byArnOfType.set(type, (map = arnMap(this.all(type))));
    return map.get(arn);
  }

  /** Whether `type` in `region` was fully collected; rules say ERROR rather than guess when it was not. */
  complete(type: ResourceType, region: string): boolean {
    return !isIncomplete(this.errors, region, type);
  }

  private byIdOf(type: ResourceType): Map<string, Found> {
    let map = this.byIdOfType.get(type);
    if (map) return map;
    map = new Map();
    for (const r of this.all(type)) {
      const found = map.get(r.id);
      if (found === undefined) map.set(r.id, r);
      else if (Array.isArray(found)) found.push(r);
      else map.set(r.id, [found, r]);
    }
    this.byIdOfType.set(type, map);
    return map;
  }
}

/** ARN → resource; of two resources with one ARN the later wins. */
function arnMap(resources: ResourceRecord<any>[]): Map<string, ResourceRecord<any>> {
  const map = new Map<string, ResourceRecord<any>>();
  for (const r of resources) if (r.arn) map.set(r.arn, r);
  return map;
}
