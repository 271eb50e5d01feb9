/** What the IAM rules share: the account record and what it says of the root user's credentials. */
import type { AccountAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";

export const ACCOUNT = "AWS::::Account";

export type Account = ResourceRecord<AccountAttributes>;

/**
 * Whether the root user has no credentials at all: no password, no access
 * keys and no signing certificates, as a member account is left once the
 * organization's centralized root access deleted them. Without the
 * AccountPasswordPresent key the summary cannot say so, and the root user
 * is taken to have a password.
 */
export function withoutRootCredentials(account: Account): boolean {
  const { rootPasswordPresent, rootAccessKeysPresent, rootSigningCertificatesPresent } = account.attributes;
  return rootPasswordPresent === false && !rootAccessKeysPresent && rootSigningCertificatesPresent === false;
}

/** The summary's root-user keys, as evidence. */
export function rootEvidence(account: Account): Record<string, unknown> {
  return { ...account.attributes };
}
