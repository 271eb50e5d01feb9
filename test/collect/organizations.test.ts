/**
 * The accounts of an organization run, as Organizations lists them: paged,
 * under organizational units recursively, ACTIVE ones audited and the others
 * named as skipped; a selection that cannot be read stops the run with why.
 */
import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Account } from "@aws-sdk/client-organizations";
import { ListAccountsCommand, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { AccountSelectionError, selectAccounts } from "../../src/collect/organizations.js";
import { awsError } from "../support/fake-aws.js";
import { testCredentials } from "../support/collect.js";

const organizations = mockClient(OrganizationsClient);
const connection = { credentials: testCredentials };
const ORG = "o-a1b2c3d4e5";
const ROOT = "r-a1b2";
const PROD = "ou-a1b2-11111111";
const PROD_EU = "ou-a1b2-22222222";
const SANDBOX = "ou-a1b2-33333333";

/** An account as ListAccounts returns it; `Status` is the field AWS deprecated for `State`, still sent beside it. */
function account(id: string, name: string, state: Account["State"] = "ACTIVE"): Account {
  return {
    Id: id,
    Arn: `arn:aws:organizations::111111111111:account/${ORG}/${id}`,
    Email: `aws+${name}@example.com`,
    Name: name,
    State: state,
    Status: state === "ACTIVE" ? "ACTIVE" : state === "SUSPENDED" ? "SUSPENDED" : "PENDING_CLOSURE",
    JoinedMethod: "CREATED",
    JoinedTimestamp: new Date("2024-03-01T10:00:00Z"),
  };
}

const MANAGEMENT = account("111111111111", "management");
const WEB_PROD = account("222222222222", "web-prod");
const WEB_EU = account("333333333333", "web-eu");
const OLD = account("444444444444", "old-project", "SUSPENDED");
const SANDBOX_ONE = account("555555555555", "sandbox");
const CLOSING = account("666666666666", "closing", "PENDING_CLOSURE");

beforeEach(() => {
  organizations.reset();
  // Two pages, as ListAccounts pages a larger organization (NextToken).
  organizations
    .on(ListAccountsCommand, {})
    .resolves({ Accounts: [MANAGEMENT, WEB_PROD, OLD], NextToken: "page-2" })
    .on(ListAccountsCommand, { NextToken: "page-2" })
    .resolves({ Accounts: [WEB_EU, SANDBOX_ONE, CLOSING] });
  const units: Record<string, string[]> = { [ROOT]: [PROD, SANDBOX], [PROD]: [PROD_EU], [PROD_EU]: [], [SANDBOX]: [] };
  const members: Record<string, Account[]> = { [ROOT]: [MANAGEMENT], [PROD]: [WEB_PROD, OLD], [PROD_EU]: [WEB_EU], [SANDBOX]: [SANDBOX_ONE] };
  organizations.on(ListOrganizationalUnitsForParentCommand).callsFake(({ ParentId }: { ParentId: string }) => {
    if (!(ParentId in units)) throw awsError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
    return { OrganizationalUnits: units[ParentId]!.map((id) => ({ Id: id, Arn: `arn:aws:organizations::111111111111:ou/${ORG}/${id}`, Name: id })) };
  });
  organizations.on(ListAccountsForParentCommand).callsFake(({ ParentId }: { ParentId: string }) => ({ Accounts: members[ParentId] ?? [] }));
});

const ids = (accounts: { id: string }[]) => accounts.map((a) => a.id);

describe("selectAccounts", () => {
  it("lists every page of the organization, audits the ACTIVE accounts by name, and skips the others with their state", async () => {
    const selected = await selectAccounts({ organization: true }, connection);
    expect(selected.accounts).toEqual([
      { id: "111111111111", name: "management" },
      { id: "222222222222", name: "web-prod" },
      { id: "333333333333", name: "web-eu" },
      { id: "555555555555", name: "sandbox" },
    ]);
    expect(selected.skipped).toEqual([
      { id: "444444444444", name: "old-project", reason: "SUSPENDED" },
      { id: "666666666666", name: "closing", reason: "PENDING_CLOSURE" },
    ]);
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(2);
  });

  it("reads the deprecated Status when an older answer has no State", async () => {
    const { State: _, ...legacy } = OLD;
    organizations.on(ListAccountsCommand).resolves({ Accounts: [WEB_PROD, legacy] });
    const selected = await selectAccounts({ organization: true }, connection);
    expect([ids(selected.accounts), selected.skipped.map((a) => a.reason)]).toEqual([["222222222222"], ["SUSPENDED"]]);
  });

  it("takes the accounts under an organizational unit and the units below it, each once", async () => {
    const selected = await selectAccounts({ ous: [PROD, PROD_EU] }, connection);
    expect(ids(selected.accounts)).toEqual(["222222222222", "333333333333"]);
    expect(ids(selected.skipped)).toEqual(["444444444444"]);
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(0);
  });

  it("narrows to named accounts and excludes others, naming the ones the organization does not hold", async () => {
    const selected = await selectAccounts({ organization: true, accounts: ["222222222222", "333333333333", "999999999999"], exclude: ["333333333333"] }, connection);
    expect(selected.accounts).toEqual([{ id: "222222222222", name: "web-prod" }]);
    expect(selected.skipped).toEqual([
      { id: "333333333333", name: "web-eu", reason: "excluded (--exclude-accounts)" },
      { id: "999999999999", reason: "not in the organization" },
    ]);
  });

  it("audits named accounts without calling Organizations when no discovery is asked for", async () => {
    const selected = await selectAccounts({ accounts: ["333333333333", "222222222222"], exclude: ["222222222222"] }, connection);
    expect(selected).toEqual({ accounts: [{ id: "333333333333" }], skipped: [{ id: "222222222222", reason: "excluded (--exclude-accounts)" }] });
    expect(organizations.calls()).toHaveLength(0);
  });

  it.each([
    ["AWSOrganizationsNotInUseException", "Your account is not a member of an organization.", /not in an organization: name the accounts with --accounts/],
    ["AccessDeniedException", "You don't have permissions to access this resource.", /management account or a delegated administrator/],
  ])("stops with why when the organization cannot be listed (%s)", async (code, message, hint) => {
    organizations.on(ListAccountsCommand).rejects(awsError(code, message));
    const failure = selectAccounts({ organization: true }, connection);
    await expect(failure).rejects.toThrow(AccountSelectionError);
    await expect(selectAccounts({ organization: true }, connection)).rejects.toThrow(hint);
  });

  it("names an organizational unit that does not exist", async () => {
    await expect(selectAccounts({ ous: ["ou-a1b2-99999999"] }, connection)).rejects.toThrow(/ParentNotFoundException.*check the --ou ids/);
  });
});
