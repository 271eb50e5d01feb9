/**
 * Load balancers and target groups read by name or ARN (a targeted read). Each
 * is asked for in a request of its own: DescribeLoadBalancers and
 * DescribeTargetGroups fail the whole request when one of the names in it no
 * longer exists, and one deleted resource must not hide the others.
 */
import type { ResourceType } from "../../types/resource.js";
import type { ReadTargets } from "../collector.js";
import { errorCode } from "../errors.js";

/** The answer, or undefined when AWS answers with one of `codes`: the resource was deleted. */
export async function unlessDeleted<T>(read: () => Promise<T>, codes: readonly string[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    // The wire code (LoadBalancerNotFound) or the SDK's class name (AccessPointNotFoundException).
    if (codes.includes(errorCode(error)) || codes.includes((error as Error | undefined)?.name ?? "")) return undefined;
    throw error;
  }
}

/** The ids or ARNs a targeted read names for `type`, once each. */
export function targetValues(targets: ReadTargets, type: ResourceType): string[] {
  return [...new Set(targets.get(type) ?? [])];
}

/** Classic load balancer names; an ARN (arn:…:loadbalancer/<name>) stands for its name, which is the id. */
export function classicNames(targets: ReadTargets, type: ResourceType): string[] {
  return [...new Set(targetValues(targets, type).map((value) => (isArn(value) ? value.slice(value.lastIndexOf("/") + 1) : value)))];
}

export function isArn(value: string): boolean {
  return value.startsWith("arn:");
}
