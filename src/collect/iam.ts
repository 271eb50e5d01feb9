import { GetAccountSummaryCommand, IAMClient } from "@aws-sdk/client-iam";
import type { GetAccountSummaryResponse, SummaryKeyType } from "@aws-sdk/client-iam";
import type { AccountAttributes } from "../types/attributes.js";
import type { ResourceRecord } from "../types/resource.js";
import { defineCollector } from "./collector.js";
import { iamSpec } from "./specs.js";
import { required } from "./errors.js";
import { ItemFields, recordsOf } from "./listed-items.js";
import { compact } from "./normalize.js";

export const ACCOUNT = "AWS::::Account";

type AccountRecord = ResourceRecord<AccountAttributes>;

/**
 * The account's root user, from GetAccountSummary: one call, answered by
 * the audited account itself (member accounts included), so no
 * Organizations permission is needed to tell whether root credentials exist.
 */
export const iamCollector = defineCollector({
  ...iamSpec,
  createClient: (config) => new IAMClient(config),
  async collect(ctx) {
    const summary = await ctx.attempt("GetAccountSummary", [ACCOUNT], () => ctx.client.send(new GetAccountSummaryCommand({})));
    if (!summary) return [];
    return recordsOf(ctx, "GetAccountSummary", ACCOUNT, [summary], (response, fields) => accountRecord(response, ctx.accountId, ctx.region, fields)) as unknown as ResourceRecord[];
  },
});

/**
 * The account record from GetAccountSummary's SummaryMap, whose root-user
 * keys are 0 or 1. Only those keys are kept: the entity counts and quotas
 * change with every user or policy made and are no configuration of the account.
 * Without a SummaryMap there is nothing to record.
 */
export function accountRecord(response: Pick<GetAccountSummaryResponse, "SummaryMap">, accountId: string, region: string, fields = new ItemFields()): AccountRecord {
  const map = required(response.SummaryMap, "SummaryMap");
  const key = (name: SummaryKeyType) => required(map[name], `SummaryMap.${name}`);
  const present = (name: SummaryKeyType) => (map[name] === undefined ? undefined : map[name]! > 0);
  const attributes = compact({
    rootMfaEnabled: fields.read("rootMfaEnabled", () => key("AccountMFAEnabled") === 1),
    rootAccessKeysPresent: fields.read("rootAccessKeysPresent", () => key("AccountAccessKeysPresent") > 0),
    rootSigningCertificatesPresent: present("AccountSigningCertificatesPresent"),
    rootPasswordPresent: present("AccountPasswordPresent"),
  }) as AccountAttributes;
  return { type: ACCOUNT, id: accountId, accountId, region, name: accountId, tags: {}, attributes };
}
