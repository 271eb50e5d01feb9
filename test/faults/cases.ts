/** The faults injected into every collector's main list, as fault cases for the bench. */
import type { CollectorSpec, RunnableCollector } from "../../src/collect/collector.js";
import { MalformedResponseError } from "../../src/collect/errors.js";
import { GLOBAL_REGION } from "../../src/collect/run.js";
import {
  accessDenied,
  accessDeniedCode,
  actionFor,
  connectionReset,
  failing,
  failingPage,
  mainList,
  recordIdOf,
  socketTimeout,
  truncatedPage,
  withoutId,
} from "../support/faults.js";
import { throttlingError } from "../support/synthetic/api-limits.js";
import type { Fault } from "../support/faults.js";
import type { ResourceRef } from "../../src/types/resource.js";
import type { FaultCase } from "./bench.js";

/** Where a regional collector is faulted; the bench's other region is read as usual. Global collectors are read in us-east-1. */
export const FAULTED_REGION = "us-east-1";

export function faultedRegion(collector: CollectorSpec): string {
  return collector.scope === "global" ? GLOBAL_REGION : FAULTED_REGION;
}

const MALFORMED = new MalformedResponseError("").name;

/** The connection reset on one attempt, the socket timing out on the next: a run that gives up names the last. */
function networkErrors(): () => Error {
  const errors = [connectionReset, socketTimeout];
  let attempt = 0;
  return () => errors[attempt++ % errors.length]!();
}

export type CaseName = "access denied" | "throttled beyond retries" | "network errors" | "an item without its id" | "a truncated page" | "page 3 of 5 failing";

/**
 * One fault case of `collector`'s main list. `failingResources` are those with failing
 * findings in the clean audit: the item damaged for "an item without its id" is then
 * the first whose record, or a record read through it (a hosted zone's record sets,
 * with ids "zone/…"), is among them, so that skipping it puts findings at risk.
 */
export function faultCase(collector: RunnableCollector, name: CaseName, failingResources?: Pick<ResourceRef, "id">[]): FaultCase {
  const list = mainList(collector);
  const region = faultedRegion(collector);
  const where = { service: list.service, operation: list.operation, region };
  const damaged = (fault: Fault, code: string, pagesAsked: number[], saying?: string): FaultCase => ({
    collector,
    region,
    faults: [fault],
    error: { operation: list.operation, code, ...(saying && { saying }) },
    pagesAsked,
  });
  const every = (error: () => Error, code: string, pagesAsked: number[], saying?: string) => damaged(failing(where, error), code, pagesAsked, saying);
  const throttled = () => throttlingError(list.service);
  switch (name) {
    // Not retried: one attempt.
    case "access denied": {
      const action = actionFor(collector, list.operation);
      return every(() => accessDenied(list.service, action), accessDeniedCode(list.service), [1], `is not authorized to perform: ${action}`);
    }
    // Retried until the attempts run out.
    case "throttled beyond retries":
      return every(throttled, throttled().name, [1, 1]);
    case "network errors":
      return every(networkErrors(), "TimeoutError", [1, 1]);
    // An item without its id is skipped and named; the rest of its page is read.
    case "an item without its id":
      return damaged(withoutId(list, region, failingResources && ((item) => hasFailing(recordIdOf(list, item), failingResources))), MALFORMED, [1], `1 ${list.type} item skipped: no `);
    // A page without its item list is the collector's to notice: it stops there.
    case "a truncated page":
      return damaged(truncatedPage(list, region), MALFORMED, [1]);
    // Pages 1 and 2 are read; page 3 is tried twice; 4 and 5 are never asked for.
    case "page 3 of 5 failing":
      return damaged(failingPage(list, region, 3, 5, networkErrors()), "TimeoutError", [1, 2, 3, 3]);
  }
}

function hasFailing(recordId: string, failingResources: Pick<ResourceRef, "id">[]): boolean {
  return failingResources.some(({ id }) => id === recordId || id.startsWith(`${recordId}/`));
}
