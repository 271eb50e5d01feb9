import type { ResourceType } from "../../types/resource.js";
import type { ReadTargets } from "../collector.js";
import { errorCode } from "../errors.js";
import type { PerResourceReads } from "../partial-reads.js";

/** The ids of a type's targets, each once; an ARN (arn:…:ec2:…:security-group/sg-…) names its resource by the id after the slash. */
export function targetIds(targets: ReadTargets, type: ResourceType): string[] {
  return [...new Set((targets.get(type) ?? []).map((target) => (target.startsWith("arn:") ? target.slice(target.lastIndexOf("/") + 1) : target)))];
}

/**
 * The items read for each id, one request per id: EC2 fails a whole request
 * when one of its ids does not exist, which would hide the others. An id
 * answered with `notFound` was deleted: it gives no item and no error. Any
 * other failure is one CollectionError naming `resourceTypes` (see readEach).
 */
export async function itemsById<T>(
  readEach: PerResourceReads,
  operation: string,
  resourceTypes: ResourceType[],
  ids: string[],
  notFound: string,
  read: (id: string) => Promise<T[]>,
): Promise<T[]> {
  const items: T[] = [];
  await readEach(operation, resourceTypes, ids, async (id) => {
    try {
      items.push(...(await read(id)));
    } catch (error) {
      if (errorCode(error) !== notFound) throw error;
    }
  });
  return items;
}
