/**
 * For every collector, faults of its main list in a second audit after a clean
 * first one: access denied, throttling beyond retries, network errors (a reset
 * connection, then a socket timeout), an item without its id, a truncated
 * page. Each must leave a
 * partial run naming the error, and the findings it could not re-read exactly
 * as the first audit left them.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { allCollectors } from "../../src/collect/index.js";
import { MAIN_LISTS, actionFor, mainList } from "../support/faults.js";
import type { Bench } from "./bench.js";
import { cleanFailures, expectCliKeepsFailedPart, expectJobKeepsFailedPart, openBench } from "./bench.js";
import type { CaseName } from "./cases.js";
import { faultCase, faultedRegion } from "./cases.js";

// The smallest synthetic account (of two regions) whose clean audit fails something of every collector's main list in us-east-1.
const ACCOUNT = { resources: 140, seed: 131, regions: ["us-east-1", "eu-west-1"] };

// A truncated page (a token but no item list) must read as malformed, never as an empty page whose resources were deleted.
const CASES: CaseName[] = ["access denied", "throttled beyond retries", "network errors", "an item without its id", "a truncated page"];

let bench: Bench;
beforeAll(async () => {
  bench = await openBench(ACCOUNT);
});
afterAll(() => bench?.close());

it("knows the main list of every collector, and the clean audit fails something of each in the faulted region", () => {
  expect(Object.keys(MAIN_LISTS).sort()).toEqual(allCollectors.map((c) => c.service).sort());
  for (const c of allCollectors) {
    expect(c.permissions).toContain(actionFor(c, mainList(c).operation));
    expect(c.resourceTypes).toContain(mainList(c).type);
  }
  const failing = Object.fromEntries(allCollectors.map((c) => [c.service, cleanFailures(bench, c, faultedRegion(c)).length]));
  expect(Object.entries(failing).filter(([, n]) => n === 0)).toEqual([]);
});

describe.each(allCollectors.map((c) => [c.service, c] as const))("%s", (service, collector) => {
  const keepsFailedPart = async (name: CaseName) => {
    const c = faultCase(collector, name, cleanFailures(bench, collector, faultedRegion(collector)).map((f) => f.resource));
    const snapshot = await expectJobKeepsFailedPart(bench, c, `faulted-${service}-${name.replace(/\W+/g, "-")}`);
    await expectCliKeepsFailedPart(bench, c, snapshot);
  };
  it.each(CASES)(`${service}: %s keeps the findings it could not read`, keepsFailedPart);
});
