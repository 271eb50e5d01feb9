/**
 * The accounts of an organization run: discovered with AWS Organizations
 * (the whole organization, or the accounts under some organizational units),
 * or named directly. Only ACTIVE accounts are audited; the others are listed
 * as skipped, with why, so a run never reads as covering an account it left out.
 */
import type { Account } from "@aws-sdk/client-organizations";
import type { ConnectionOptions } from "./client-config.js";
import { clientConfigFactory } from "./client-config.js";
import { runClient } from "./run-client.js";
import { compareText } from "../types/order.js";
import { AccountSelectionError } from "./account.js";

export interface OrgAccount {
  id: string;
  /** The account's name in Organizations, when the run discovered it. */
  name?: string;
}

export interface SkippedAccount extends OrgAccount {
  /** Why it is not audited: "SUSPENDED", "PENDING_CLOSURE", "excluded (--exclude-accounts)", … */
  reason: string;
}

export interface AccountSelection {
  /** Discover the accounts with Organizations (ListAccounts, or under `ous`). */
  organization?: boolean;
  /** Only the accounts under these organizational units (ou-… or r-… ids), recursively. */
  ous?: string[];
  /** These accounts: with discovery, a filter; without it, the list itself. */
  accounts?: string[];
  /** Never these. */
  exclude?: string[];
}

export interface SelectedAccounts {
  /** ACTIVE accounts to audit, by id. */
  accounts: OrgAccount[];
  skipped: SkippedAccount[];
}

export { AccountSelectionError };

/** The calls discovery makes (ListAccounts, or the units' accounts and units below them): a deployment that discovers grants these. */
export const ORGANIZATIONS_PERMISSIONS = ["organizations:ListAccounts", "organizations:ListAccountsForParent", "organizations:ListOrganizationalUnitsForParent"] as const;

/** Organizations is a global service, served from us-east-1 in the commercial partition. */
const ORGANIZATIONS_REGION = "us-east-1";

export async function selectAccounts(selection: AccountSelection, connection: ConnectionOptions): Promise<SelectedAccounts> {
  const excluded = new Set(selection.exclude ?? []);
  const named = selection.accounts && new Set(selection.accounts);
  const found = selection.organization || selection.ous?.length ? await discover(selection.ous, connection) : (selection.accounts ?? []).map((id): Account => ({ Id: id, State: "ACTIVE" }));
  const accounts: OrgAccount[] = [];
  const skipped: SkippedAccount[] = [];
  for (const account of found) {
    const id = account.Id;
    if (!id) continue;
    const entry: OrgAccount = { id, ...(account.Name && { name: account.Name }) };
    if (named && !named.has(id)) continue;
    const state = account.State ?? account.Status;
    if (excluded.has(id)) skipped.push({ ...entry, reason: "excluded (--exclude-accounts)" });
    else if (state !== "ACTIVE") skipped.push({ ...entry, reason: state ?? "no state" });
    else accounts.push(entry);
  }
  // Named accounts the organization does not hold are not silently dropped.
  if (named && (selection.organization || selection.ous?.length)) {
    const seen = new Set(found.map((a) => a.Id));
    for (const id of named) if (!seen.has(id)) skipped.push({ id, reason: selection.ous?.length ? "not under the organizational units asked for" : "not in the organization" });
  }
  const byId = (a: OrgAccount, b: OrgAccount) => compareText(a.id, b.id);
  return { accounts: accounts.sort(byId), skipped: skipped.sort(byId) };
}

/** Every account of the organization, or of the units (and the units below them), each once. */
async function discover(ous: string[] | undefined, connection: ConnectionOptions): Promise<Account[]> {
  // Imported when discovery runs: the policies take ORGANIZATIONS_PERMISSIONS from this module and need no client.
  const { OrganizationsClient, paginateListAccounts, paginateListAccountsForParent, paginateListOrganizationalUnitsForParent } = await import("@aws-sdk/client-organizations");
  const client = runClient(new OrganizationsClient(clientConfigFactory(connection)(ORGANIZATIONS_REGION)), connection.plugins);
  try {
    if (!ous?.length) return await all(paginateListAccounts({ client }, {}));
    const accounts = new Map<string, Account>();
    const pending = [...new Set(ous)];
    const visited = new Set(pending);
    for (let parent = pending.shift(); parent; parent = pending.shift()) {
      for (const account of await all(paginateListAccountsForParent({ client }, { ParentId: parent }))) accounts.set(account.Id!, account);
      for (const unit of await all(paginateListOrganizationalUnitsForParent({ client }, { ParentId: parent }))) {
        // A unit asked for and also under another one asked for is read once.
        if (unit.Id && !visited.has(unit.Id)) {
          visited.add(unit.Id);
          pending.push(unit.Id);
        }
      }
    }
    return [...accounts.values()];
  } catch (error) {
    const code = (error as Error).name;
    throw new AccountSelectionError(`cannot list the organization's accounts (organizations ${code}): ${(error as Error).message.split("\n")[0]}${HINTS[code] ?? ""}`);
  } finally {
    client.destroy();
  }
}

const HINTS: Record<string, string> = {
  AWSOrganizationsNotInUseException: "; this account is not in an organization: name the accounts with --accounts",
  AccessDeniedException: "; run from the management account or a delegated administrator, or name the accounts with --accounts",
  ParentNotFoundException: "; check the --ou ids (ou-… or r-…)",
};

async function all<T>(pages: AsyncIterable<{ Accounts?: T[]; OrganizationalUnits?: T[] }>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...(page.Accounts ?? page.OrganizationalUnits ?? []));
  return items;
}
