import { required } from "../errors.js";

/**
 * Every item of every page. A page without its item list is malformed, not
 * empty: EC2 returns an empty list element when there is nothing, and taking a
 * truncated page for an empty one would report its resources as deleted.
 * A list that fails part-way is dropped whole (its types are then incomplete):
 * EC2's lists feed joins (attachment counts, routes, flow logs) that half a
 * list would get wrong.
 */
export async function allItems<P, T>(paginator: AsyncIterable<P>, itemsOf: (page: P) => T[] | undefined, field: string): Promise<T[]> {
  const items: T[] = [];
  for await (const page of paginator) items.push(...required(itemsOf(page), field));
  return items;
}
