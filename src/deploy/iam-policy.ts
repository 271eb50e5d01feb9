/**
 * The Lambda role's policy, derived from what the collectors declare: adding
 * a collector or an API call to one updates the deployed policy.
 */
import type { Collector } from "../collect/collector.js";
import { allCollectors } from "../collect/index.js";
import { TABLE_PERMISSIONS } from "../publish/store/table.js";

export interface PolicyStatement {
  Effect: "Allow";
  Action: string[];
  Resource: unknown;
}


export function readActions(collectors: Collector<any>[] = allCollectors): string[] {
  return [...new Set(collectors.flatMap((c) => c.permissions))].sort();
}

/**
 * Read actions need Resource "*": Describe and List calls on these services
 * support no resource-level scoping. Every write is scoped to the stack's own table and topic.
 */
export function iamStatements(refs: { tableArn: unknown; topicArn: unknown }, collectors: Collector<any>[] = allCollectors): PolicyStatement[] {
  return [
    { Effect: "Allow", Action: readActions(collectors), Resource: "*" },
    { Effect: "Allow", Action: [...TABLE_PERMISSIONS], Resource: [refs.tableArn, { "Fn::Join": ["/", [refs.tableArn, "index", "*"]] }] },
    { Effect: "Allow", Action: ["sns:Publish"], Resource: refs.topicArn },
  ];
}
