/**
 * For every collector, its main list served in five pages, and page 3 failing
 * on every attempt in the second audit: the records of pages 1 and 2 are
 * read, those of pages 3 to 5 are not, and none of their findings may be
 * reported resolved or their resources removed.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { allCollectors } from "../../src/collect/index.js";
import { mainList, pagesAsked, repaged } from "../support/faults.js";
import type { Bench } from "./bench.js";
import { cleanFailures, collectWithFaults, expectCliKeepsFailedPart, expectJobKeepsFailedPart, openBench } from "./bench.js";
import { faultCase, faultedRegion } from "./cases.js";

// One region holding at least five of every main list's items (five classic load balancers take seventeen applications),
// with failing findings among the resources of pages 3 to 5 of each.
const ACCOUNT = { resources: 620, seed: 16, regions: ["us-east-1"] };
const PAGES = 5;

/**
 * EC2 drops a list that fails part-way, by design: its lists feed joins
 * (attachment counts, routes, flow logs) that half a list would get wrong.
 * Its types stay incomplete, so nothing resolves; the others keep pages 1-2.
 */
const DROPS_EARLIER_PAGES = new Set(["ec2"]);

/** A single call (IAM's GetAccountSummary) has no pages to cut: collection-faults.test.ts covers it. */
const PAGED = allCollectors.filter((c) => !mainList(c).single);

let bench: Bench;
beforeAll(async () => {
  bench = await openBench({ ...ACCOUNT, always: PAGED.map((c) => repaged(mainList(c), faultedRegion(c), PAGES)) });
});
afterAll(() => bench?.close());

it("reads every main list in five pages in the clean audit, with failing findings of every collector", () => {
  for (const c of PAGED) {
    expect([c.service, pagesAsked(bench.clean.attempts, mainList(c), faultedRegion(c))]).toEqual([c.service, [1, 2, 3, 4, 5]]);
    expect([c.service, cleanFailures(bench, c, faultedRegion(c)).length > 0]).toEqual([c.service, true]);
  }
});

describe.each(PAGED.map((c) => [c.service, c] as const))("%s", (service, collector) => {
  it(`${service}: page 3 of 5 failing keeps the findings of pages 3 to 5`, async () => {
    const c = faultCase(collector, "page 3 of 5 failing");
    const snapshot = await expectJobKeepsFailedPart(bench, c, `faulted-${service}-page-3`);
    await expectCliKeepsFailedPart(bench, c, snapshot);
  });

  it(`${service}: page 3 of 5 failing ${DROPS_EARLIER_PAGES.has(service) ? "records none" : "still records the items"} of pages 1 and 2`, async () => {
    const c = faultCase(collector, "page 3 of 5 failing");
    const { type } = mainList(collector);
    const inRegion = (r: { type: string; region: string }) => r.type === type && r.region === c.region;
    const listed = bench.clean.previous.snapshot.resources.filter(inRegion).length;
    const snapshot = await collectWithFaults(bench, c.faults, [collector]);
    expect(snapshot.errors).toEqual([expect.objectContaining({ service, operation: c.error.operation, code: c.error.code })]);
    // Pages are cut evenly: pages 1 and 2 hold the first two fifths.
    expect(snapshot.resources.filter(inRegion).length).toBe(DROPS_EARLIER_PAGES.has(service) ? 0 : Math.floor((2 * listed) / PAGES));
  });
});
