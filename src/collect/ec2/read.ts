import type { Ec2Context } from "./records.js";

/** Every item of every page, each page requested through ctx.pages so the run's deadline applies. */
export async function allItems<P, T>(ctx: Ec2Context, paginator: AsyncIterable<P>, itemsOf: (page: P) => T[] | undefined): Promise<T[]> {
  const items: T[] = [];
  for await (const page of ctx.pages(paginator)) items.push(...(itemsOf(page) ?? []));
  return items;
}
