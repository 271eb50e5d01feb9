/**
 * Which resources a change touches besides the changed one: those a rule
 * judges by looking the changed resource up (a target group's cross-zone rule
 * looks up its load balancers; the account's CloudTrail rule lists every
 * trail). A resource whose rules read only its own record is not one. Found by
 * judging the stored state once with lookups recorded, so that no rule has to
 * declare what it reads and none is missed.
 */
import { resourceKey } from "../types/canonical.js";
import type { ResourceRecord, ResourceType, Snapshot } from "../types/resource.js";
import type { EnabledRule } from "./evaluate.js";
import { SnapshotIndex } from "./snapshot-index.js";

/** A changed resource, as a lookup would name it. */
export type Changed = Pick<ResourceRecord, "type" | "region" | "id"> & { arn?: string };

/** Keys of the resources of `snapshot`, the changed ones excepted, one of whose rules looks a changed resource up. */
export function dependentKeys(snapshot: Snapshot, rules: readonly EnabledRule[], changed: readonly Changed[]): Set<string> {
  const index = new LookupRecorder(snapshot);
  const own = new Set(changed.map(resourceKey));
  const dependents = new Set<string>();
  for (const { rule, params } of rules) {
    for (const type of rule.resourceTypes) {
      for (const resource of index.all(type)) {
        const key = resourceKey(resource);
        if (own.has(key) || dependents.has(key)) continue;
        index.start();
        try {
          rule.evaluate(resource, { params, snapshot: index });
        } catch {
          // A rule that fails judges nothing from its lookups: what it looked up before failing still counts.
        }
        if (changed.some((c) => index.lookedUp(c))) dependents.add(key);
      }
    }
  }
  return dependents;
}

/** A snapshot index that notes what one rule's evaluation asked it for, since start(). */
class LookupRecorder extends SnapshotIndex {
  private keys = new Set<string>();
  private arns = new Set<string>();
  private types = new Set<string>();

  start(): void {
    this.keys.clear();
    this.arns.clear();
    this.types.clear();
  }

  lookedUp(changed: Changed): boolean {
    return this.types.has(changed.type) || this.types.has(`${changed.type}@${changed.region}`) || this.keys.has(resourceKey(changed)) || (changed.arn !== undefined && this.arns.has(changed.arn));
  }

  override all<A = Record<string, unknown>>(type: ResourceType): ResourceRecord<A>[] {
    this.types.add(type);
    return super.all<A>(type);
  }

  override inRegion<A = Record<string, unknown>>(type: ResourceType, region: string): ResourceRecord<A>[] {
    this.types.add(`${type}@${region}`);
    return super.inRegion<A>(type, region);
  }

  override get<A = Record<string, unknown>>(type: ResourceType, region: string, id: string): ResourceRecord<A> | undefined {
    this.keys.add(resourceKey({ type, region, id }));
    return super.get<A>(type, region, id);
  }

  override getByArn<A = Record<string, unknown>>(arn: string, type?: ResourceType): ResourceRecord<A> | undefined {
    this.arns.add(arn);
    return super.getByArn<A>(arn, type);
  }
}
