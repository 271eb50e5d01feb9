import type { CollectionError, ResourceRecord, ResourceType, Snapshot } from "../types/resource.js";
import { isIncomplete } from "../types/resource.js";
import { guardUnreadable } from "./unreadable.js";

/** Lookups rules use to see related resources; built once per evaluation. */
export class SnapshotIndex {
  readonly accountId: string;
  readonly errors: CollectionError[];
  private readonly resources: ResourceRecord<any>[];
  private readonly byType = new Map<string, ResourceRecord<any>[]>();
  // Built on first lookup: most rules never look at a related resource.
  private byIdMap?: Map<string, ResourceRecord<any> | ResourceRecord<any>[]>;
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

  /** By id alone (ids rarely repeat across types and regions), so building it needs no key strings. */
  private get byId(): Map<string, ResourceRecord<any> | ResourceRecord<any>[]> {
    if (this.byIdMap) return this.byIdMap;
    const map = new Map<string, ResourceRecord<any> | ResourceRecord<any>[]>();
    for (const r of this.resources) {
      const found = map.get(r.id);
      if (found === undefined) map.set(r.id, r);
      else if (Array.isArray(found)) found.push(r);
      else map.set(r.id, [found, r]);
    }
    return (this.byIdMap = map);
  }

  private get byArn(): Map<string, ResourceRecord<any>> {
    return (this.byArnMap ??= new Map(this.resources.filter((r) => r.arn).map((r) => [r.arn!, r])));
  }

  all<A = Record<string, unknown>>(type: ResourceType): ResourceRecord<A>[] {
    return this.byType.get(type) ?? [];
  }

  /** Resources of `type` in `region`. */
  inRegion<A = Record<string, unknown>>(type: ResourceType, region: string): ResourceRecord<A>[] {
    return this.all<A>(type).filter((r) => r.region === region);
  }

  get<A = Record<string, unknown>>(type: ResourceType, region: string, id: string): ResourceRecord<A> | undefined {
    const found = this.byId.get(id);
    if (found === undefined || !Array.isArray(found)) return found && found.type === type && found.region === region ? found : undefined;
    return found.find((r) => r.type === type && r.region === region);
  }

  getByArn<A = Record<string, unknown>>(arn: string): ResourceRecord<A> | undefined {
    return this.byArn.get(arn);
  }

  /** Whether `type` in `region` was fully collected; rules say ERROR rather than guess when it was not. */
  complete(type: ResourceType, region: string): boolean {
    return !isIncomplete(this.errors, region, type);
  }
}
