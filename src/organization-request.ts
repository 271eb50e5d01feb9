/**
 * The organization run the config asks for, with the CLI's flags over its
 * keys: which accounts, and the member role that reaches them. The CLI's
 * `audit --org` and the state machine's discovery and per-account audits
 * read it here, so every shell selects the same accounts with the same role.
 */
import type { MemberRole } from "./collect/member-credentials.js";
import type { AccountSelection } from "./collect/organizations.js";
import type { DriftwardenConfig } from "./config/config.js";

/** What a shell may set over the config's `organization` key (the CLI's --org, --ou, … flags). */
export interface OrganizationOptions {
  /** Discover the accounts with AWS Organizations. */
  org?: boolean;
  ou?: string[];
  accounts?: string[];
  excludeAccounts?: string[];
  roleName?: string;
  externalId?: string;
}

/** The member role's name when neither the flags nor the config name one: the member-role template's. */
export const DEFAULT_MEMBER_ROLE = "driftwarden-audit";

export interface OrganizationSelection {
  selection: AccountSelection;
  role: MemberRole;
}

/** The accounts and member role asked for (options over config keys); undefined for a run of the caller's account. */
export function organizationSelection(options: OrganizationOptions, config: DriftwardenConfig): OrganizationSelection | undefined {
  const file = config.organization;
  const organization = options.org ?? file?.enabled ?? false;
  const ous = options.ou ?? file?.ous;
  const accounts = options.accounts ?? file?.accounts;
  if (!organization && !ous?.length && !accounts?.length) return undefined;
  const exclude = options.excludeAccounts ?? file?.excludeAccounts;
  return {
    selection: { organization, ...(ous && { ous }), ...(accounts && { accounts }), ...(exclude && { exclude }) },
    role: memberRole(options, config),
  };
}

/** The member role that reaches each account: its name and ExternalId (options over config keys, then the default name). */
export function memberRole(options: Pick<OrganizationOptions, "roleName" | "externalId">, config: Pick<DriftwardenConfig, "organization">): MemberRole {
  const file = config.organization;
  const externalId = options.externalId ?? file?.externalId;
  return { roleName: options.roleName ?? file?.roleName ?? DEFAULT_MEMBER_ROLE, ...(externalId && { externalId }) };
}
