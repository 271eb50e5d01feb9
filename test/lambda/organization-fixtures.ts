/**
 * A small organization served in process for the state machine's jobs: the
 * management account (the functions' own) and member accounts, each with the
 * demo account's resources under its own id. Organizations ListAccounts pages
 * the accounts; STS AssumeRole answers each member's role with credentials
 * whose access key names the member (or AccessDenied); the collectors answer
 * from the account whose credentials the client was given. Responses have
 * the shapes the SDK returns for AWS's own.
 */
import type { Pluggable } from "@smithy/types";
import { readFileSync } from "node:fs";
import type { AwsClientConfig } from "../../src/collect/client-config.js";
import type { Collector, CollectorContext } from "../../src/collect/collector.js";
import type { Snapshot } from "../../src/types/resource.js";
import { awsError, fakeAws } from "../support/fake-aws.js";
import type { FakeCall } from "../support/fake-aws.js";
import { collectorsServing } from "../support/snapshot-collectors.js";
import type { ServeOptions } from "../support/snapshot-collectors.js";

export const MANAGEMENT = "111111111111";
/** The organization's id, as Organizations' ARNs carry it. */
const ORGANIZATION_ID = "o-exampleorgid";

/** The function role's own credentials: the management account's. */
export const FUNCTION_CREDENTIALS = { accessKeyId: "ASIAFUNCTIONROLE0001", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sessionToken: "IQoJb3JpZ2luX2VjEFunctionRoleSession" };

export interface OrgAccount {
  id: string;
  name: string;
  status?: "ACTIVE" | "SUSPENDED";
}

/** A demo night's snapshot (examples/) as if taken in `accountId`. */
export function demoSnapshot(file: string, accountId: string): Snapshot {
  return JSON.parse(readFileSync(file, "utf8").replaceAll("111122223333", accountId)) as Snapshot;
}

/** The access key id AssumeRole hands out for a member: AKIDs are 20 characters, ASIA for temporary ones. */
export function memberKey(accountId: string): string {
  return `ASIA${accountId}0000`;
}

export interface OrganizationAws {
  plugin: Pluggable<any, any>;
  calls: FakeCall[];
  /** Members whose role cannot be assumed. */
  denied: Set<string>;
}

/**
 * Organizations, STS and CloudTrail for the organization. `now` dates the
 * credentials AssumeRole hands out (an hour, as role chaining allows).
 */
export function organizationAws(accounts: OrgAccount[], now: () => Date): OrganizationAws {
  const calls: FakeCall[] = [];
  const denied = new Set<string>();
  const plugin = fakeAws(({ commandName, input }) => {
    switch (commandName) {
      case "ListAccountsCommand": {
        // Two to a page, so discovery follows NextToken as it must with AWS's pages of at most 20.
        const start = input.NextToken ? Number(input.NextToken) : 0;
        const page = accounts.slice(start, start + 2);
        return {
          Accounts: page.map((a) => ({
            Id: a.id,
            Arn: `arn:aws:organizations::${MANAGEMENT}:account/${ORGANIZATION_ID}/${a.id}`,
            Email: `aws+${a.name.toLowerCase()}@example.com`,
            Name: a.name,
            Status: a.status ?? "ACTIVE",
            State: a.status ?? "ACTIVE",
            JoinedMethod: a.id === MANAGEMENT ? "CREATED" : "INVITED",
            JoinedTimestamp: new Date("2024-03-01T09:00:00.000Z"),
          })),
          ...(start + 2 < accounts.length && { NextToken: String(start + 2) }),
        };
      }
      case "AssumeRoleCommand": {
        const accountId = /^arn:aws:iam::(\d{12}):role\//.exec(input.RoleArn)?.[1] ?? "";
        if (denied.has(accountId)) {
          throw awsError(
            "AccessDenied",
            `User: arn:aws:sts::${MANAGEMENT}:assumed-role/driftwarden-test-us-east-1-lambdaRole/driftwarden-test-audit is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
            403,
          );
        }
        return {
          Credentials: {
            AccessKeyId: memberKey(accountId),
            SecretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
            SessionToken: `IQoJb3JpZ2luX2VjEMember${accountId}`,
            Expiration: new Date(now().getTime() + Number(input.DurationSeconds ?? 3600) * 1000),
          },
          AssumedRoleUser: { AssumedRoleId: `AROA${accountId}EXAMPLE:${input.RoleSessionName}`, Arn: `arn:aws:sts::${accountId}:assumed-role/${input.RoleArn.split("/").pop()}/${input.RoleSessionName}` },
        };
      }
      case "LookupEventsCommand":
        // No write events in the window: attribution names no one, and reads nothing else.
        return { Events: [] };
      default:
        throw awsError("InvalidAction", `not served here: ${commandName}`);
    }
  }, calls);
  return { plugin, calls, denied };
}

/**
 * The demo collectors, each answering from the account its client's
 * credentials belong to: the function's own key for the management account,
 * the key AssumeRole gave for a member. One account's serving options (pages,
 * a hook on each page) may differ from another's.
 */
export function collectorsByCredentials(accounts: Record<string, { snapshot: Snapshot; serve?: ServeOptions }>): Collector<any>[] {
  const byKey = new Map(Object.entries(accounts).map(([id, { snapshot, serve }]) => [id === MANAGEMENT ? FUNCTION_CREDENTIALS.accessKeyId : memberKey(id), collectorsServing(snapshot, serve)]));
  const [shape] = byKey.values();
  const servedFor = async (config: AwsClientConfig) => {
    const { accessKeyId } = await config.credentials!();
    const served = byKey.get(accessKeyId);
    if (!served) throw awsError("InvalidClientTokenId", `The security token included in the request is invalid: ${accessKeyId}`, 403);
    return served;
  };
  return shape!.map((collector, i) => ({
    ...collector,
    // The run wraps this client's send (its deadline check): every page goes through it to the account's own client.
    createClient: (config: AwsClientConfig) => ({
      config,
      send: async (page: number) => (await servedFor(config))[i]!.createClient(config).send(page),
    }),
    // The account's own collector (its pages), reading through the run's client.
    collect: async (ctx: CollectorContext<{ config: AwsClientConfig }>) => (await servedFor(ctx.client.config))[i]!.collect(ctx as never),
  }));
}
