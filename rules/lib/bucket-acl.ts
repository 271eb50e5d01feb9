/** ACL grants that make a bucket public: to the AllUsers group (anyone) or AuthenticatedUsers (anyone with an AWS account). */
import type { AclGrant } from "../../src/types/attributes.js";

const PUBLIC_GROUPS: Record<string, string> = {
  "http://acs.amazonaws.com/groups/global/AllUsers": "AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "AuthenticatedUsers",
};

export function publicGrants(grants: AclGrant[]): AclGrant[] {
  return grants.filter((g) => g.granteeType === "Group" && PUBLIC_GROUPS[g.grantee] !== undefined);
}

/** "READ to AllUsers, WRITE to AuthenticatedUsers". */
export function describeGrants(grants: AclGrant[]): string {
  return grants.map((g) => `${g.permission} to ${PUBLIC_GROUPS[g.grantee] ?? g.grantee}`).join(", ");
}
