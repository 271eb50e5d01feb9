/**
 * Services as the collectors name them (--services ec2,rds), and what a run
 * of some of them reads: their resource types. The run plan narrows the rules
 * and the collectors to these types, and the diff stage leaves the others'
 * resources and findings as they were.
 */
import type { ResourceType } from "../types/resource.js";
import { allCollectors } from "./index.js";

export const SERVICE_NAMES: readonly string[] = allCollectors.map((c) => c.service);

export function serviceResourceTypes(services: readonly string[]): ResourceType[] {
  return allCollectors.filter((c) => services.includes(c.service)).flatMap((c) => c.resourceTypes);
}
