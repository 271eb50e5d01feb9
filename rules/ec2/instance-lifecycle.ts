/** Which instances the rules about what a running workload exposes judge. */
import type { InstanceState } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import type { Outcome } from "../../src/evaluate/rule.js";
import { cannotEvaluate, notApplicable } from "../../src/evaluate/rule.js";

/** A pending instance is launching with the settings it will run with, so it is judged like a running one. */
const JUDGED_STATES = ["pending", "running"];

/** N/A for an instance that is not running (stopped, stopping, shutting down), ERROR when its state was not read; undefined to judge it. */
export function unlessRunning(resource: ResourceRecord<unknown>): Outcome | undefined {
  const state = (resource.state as InstanceState | undefined)?.state;
  if (state === undefined) return cannotEvaluate("the instance's state was not read (DescribeInstances State.Name)");
  return JUDGED_STATES.includes(state) ? undefined : notApplicable(`the instance is ${state}, not running`);
}
