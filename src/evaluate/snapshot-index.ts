import type { CollectionError, ResourceRecord, ResourceType, Snapshot } from "../types/resource.js";
import { isIncomplete } from "../types/resource.js";

/** Lookups rules use to see related resources; built once per evaluation. */
export class SnapshotIndex {
  readonly accountId: string;
  readonly errors: CollectionError[];
  private readonly byType = new Map<string, ResourceRecord<any>[]>();
  private readonly byKey = new Map<string, ResourceRecord<any>>();
  private readonly byArn = new Map<string, ResourceRecord<any>>();

  constructor(snapshot: Pick<Snapshot, "accountId" | "resources" | "errors">) {
    this.accountId = snapshot.accountId;
    this.errors = snapshot.errors;
    for (const resource of snapshot.resources) {
      const list = this.byType.get(resource.type);
      if (list) list.push(resource);
      else this.byType.set(resource.type, [resource]);
      this.byKey.set(key(resource.type, resource.region, resource.id), resource);
      if (resource.arn) this.byArn.set(resource.arn, resource);
    }
  }

  all<A = Record<string, unknown>>(type: ResourceType): ResourceRecord<A>[] {
    return this.byType.get(type) ?? [];
  }

  /** Resources of `type` in `region`. */
  inRegion<A = Record<string, unknown>>(type: ResourceType, region: string): ResourceRecord<A>[] {
    return this.all<A>(type).filter((r) => r.region === region);
  }

  get<A = Record<string, unknown>>(type: ResourceType, region: string, id: string): ResourceRecord<A> | undefined {
    return this.byKey.get(key(type, region, id));
  }

  getByArn<A = Record<string, unknown>>(arn: string): ResourceRecord<A> | undefined {
    return this.byArn.get(arn);
  }

  /** Whether `type` in `region` was fully collected; rules say ERROR rather than guess when it was not. */
  complete(type: ResourceType, region: string): boolean {
    return !isIncomplete(this.errors, region, type);
  }
}

function key(type: string, region: string, id: string): string {
  return `${type}\u0000${region}\u0000${id}`;
}
