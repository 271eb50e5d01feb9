/**
 * The Lambda role's policy and the CLI user's, derived from what the
 * collectors and attribution declare: adding a collector or an API call to one updates both.
 * An organization deployment adds what discovery and the member roles declare.
 */
import { ATTRIBUTION_PERMISSIONS } from "../attribute/lookup.js";
import type { CollectorSpec } from "../collect/collector.js";
import { allCollectors } from "../collect/index.js";
import { MEMBER_ROLE_PERMISSION, memberRoleArn } from "../collect/member-credentials.js";
import { ORGANIZATIONS_PERMISSIONS } from "../collect/organizations.js";
import type { DriftwardenConfig } from "../config/config.js";
import { memberRole } from "../organization-request.js";
import { TABLE_PERMISSIONS } from "../publish/store/table.js";

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow";
  Action: string[];
  Resource: unknown;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** The collectors' reads and attribution's (LookupEvents on a live run), once each, sorted. */
export function readActions(collectors: readonly CollectorSpec[] = allCollectors): string[] {
  return [...new Set([...collectors.flatMap((c) => c.permissions), ...ATTRIBUTION_PERMISSIONS])].sort();
}

/**
 * Read actions need Resource "*": Describe, List and LookupEvents calls on these services
 * support no resource-level scoping. Every write is scoped to the stack's own table and topic.
 */
export function iamStatements(refs: { tableArn: unknown; topicArn: unknown; topicKeyArn: unknown }, collectors: readonly CollectorSpec[] = allCollectors): PolicyStatement[] {
  return [
    { Effect: "Allow", Action: readActions(collectors), Resource: "*" },
    { Effect: "Allow", Action: [...TABLE_PERMISSIONS], Resource: [refs.tableArn, { "Fn::Join": ["/", [refs.tableArn, "index", "*"]] }] },
    { Effect: "Allow", Action: ["sns:Publish"], Resource: refs.topicArn },
    // Publishing to a topic encrypted with a customer managed key takes the key as well.
    { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: refs.topicKeyArn },
  ];
}

/**
 * An organization deployment's functions also list the organization's
 * accounts (discovery; Organizations' List calls take no resource-level
 * scoping) and enter each account through the config's member role, by
 * name in any account, as the accounts are only known when the run starts.
 */
export function organizationStatements(config: Pick<DriftwardenConfig, "organization">): PolicyStatement[] {
  const role = memberRole({}, config);
  return [
    { Effect: "Allow", Action: [...ORGANIZATIONS_PERMISSIONS], Resource: "*" },
    { Effect: "Allow", Action: [MEMBER_ROLE_PERMISSION], Resource: memberRoleArn("*", role) },
  ];
}

/**
 * What a person or CI role running the CLI needs: the collectors' and attribution's reads
 * (sts:GetCallerIdentity needs no permission). `export securityhub` also
 * imports findings into the account's own default product; `audit --org`
 * lists the organization's accounts and assumes the member role in each.
 */
export function cliPolicy(options: { securityHub?: boolean; organization?: { roleName: string } } = {}, collectors: readonly CollectorSpec[] = allCollectors): PolicyDocument {
  const statements: PolicyStatement[] = [{ Sid: "DriftwardenRead", Effect: "Allow", Action: readActions(collectors), Resource: "*" }];
  if (options.organization) {
    const [discover, assume] = organizationStatements({ organization: options.organization });
    statements.push({ Sid: "DriftwardenListAccounts", ...discover! }, { Sid: "DriftwardenAssumeMemberRole", ...assume! });
  }
  if (options.securityHub) {
    statements.push({ Sid: "DriftwardenSecurityHubImport", Effect: "Allow", Action: ["securityhub:BatchImportFindings"], Resource: "arn:aws:securityhub:*:*:product/*/default" });
  }
  return { Version: "2012-10-17", Statement: statements };
}
