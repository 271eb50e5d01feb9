/**
 * Credentials for a member account of an organization run: the member role,
 * assumed with STS when the account's unit of work starts and assumed again
 * before they expire, so a long account never meets a one-hour cliff. An
 * account whose role cannot be assumed is read as nothing at all: one
 * collection error per region naming the account and why, never a dropped
 * account and never a resolved finding.
 */
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { memoize } from "@smithy/core/config";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from "@smithy/types";
import type { CollectionError, ResourceType } from "../types/resource.js";
import { RESOURCE_TYPES } from "../types/resource.js";
import type { Clock } from "../types/clock.js";
import type { ConnectionOptions } from "./client-config.js";
import { ASSUME_ROLE_CALL, errorCode, firstLine } from "./errors.js";
import { GLOBAL_REGION } from "./run.js";
import { sharedTransport } from "./transport.js";

export interface MemberRole {
  /** The role's name in every member account (the member-role template's RoleName). */
  roleName: string;
  /** The secret the role's trust policy requires (sts:ExternalId). */
  externalId?: string;
}

/** STS caps a session at one hour when a role assumes another (role chaining, as from Lambda). */
export const MEMBER_SESSION_SECONDS = 3600;

/**
 * Assumed again when less than this is left: the SDK clients ask for new
 * credentials five minutes before theirs expire, and must then get fresh ones.
 */
export const REFRESH_BEFORE_MS = 15 * 60_000;

/** The session name member accounts' CloudTrail shows for every call of an audit. */
export const MEMBER_SESSION_NAME = "driftwarden-audit";

/** The call that enters a member account: the auditor's role needs it on every account's member role, memberRoleArn("*", role). */
export const MEMBER_ROLE_PERMISSION = "sts:AssumeRole";

export function memberRoleArn(accountId: string, role: MemberRole): string {
  return `arn:aws:iam::${accountId}:role/${role.roleName}`;
}

/**
 * The member account's credentials over the caller's connection (its
 * credentials, endpoint and plugins), shared by every client of the account's
 * run: one AssumeRole for them all, again when REFRESH_BEFORE_MS is left.
 */
export function memberCredentials(accountId: string, role: MemberRole, caller: ConnectionOptions, now: Clock): AwsCredentialIdentityProvider {
  const assume = fromTemporaryCredentials({
    params: {
      RoleArn: memberRoleArn(accountId, role),
      RoleSessionName: MEMBER_SESSION_NAME,
      DurationSeconds: MEMBER_SESSION_SECONDS,
      ...(role.externalId && { ExternalId: role.externalId }),
    },
    masterCredentials: caller.credentials ?? fromNodeProviderChain(caller.profile ? { profile: caller.profile } : {}),
    clientConfig: { region: GLOBAL_REGION, maxAttempts: caller.maxAttempts ?? 3, requestHandler: sharedTransport(), ...(caller.endpointUrl && { endpoint: caller.endpointUrl }) },
    ...(caller.plugins && { clientPlugins: caller.plugins.map(oncePerStack) }),
  });
  const expiresSoon = (c: AwsCredentialIdentity) => c.expiration !== undefined && c.expiration.getTime() - now().getTime() < REFRESH_BEFORE_MS;
  return memoize(assume, expiresSoon, (c) => c.expiration !== undefined);
}

/**
 * fromTemporaryCredentials applies its client plugins on every AssumeRole
 * to the same STS client: a plugin adding named middleware would fail the
 * refresh with "Duplicate middleware name".
 */
function oncePerStack(plugin: Pluggable<any, any>): Pluggable<any, any> {
  const applied = new WeakSet<object>();
  return {
    applyToStack(stack) {
      if (applied.has(stack)) return;
      applied.add(stack);
      plugin.applyToStack(stack);
    },
  };
}

/**
 * The errors of an account that could not be entered: every audited region
 * (and us-east-1, where the global services are read) incomplete for every
 * type the run reads, so the account's previous records and findings stand.
 */
export function unreadableAccountErrors(accountId: string, role: MemberRole, regions: string[], error: unknown, types: readonly ResourceType[] = RESOURCE_TYPES): CollectionError[] {
  const code = errorCode(error);
  const message = `account ${accountId}: cannot assume ${memberRoleArn(accountId, role)} (${code}): ${firstLine(error)}${code === "AccessDenied" ? ASSUME_HINT : ""}`;
  return [...new Set([...regions, GLOBAL_REGION])].sort().map((region) => ({ ...ASSUME_ROLE_CALL, region, code, message, resourceTypes: [...types] }));
}

const ASSUME_HINT = "; the role may be missing in that account, its trust policy may not name this caller, or the ExternalId may differ (deploy the member role: `driftwarden member-role`)";
