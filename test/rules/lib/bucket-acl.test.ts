/** Which ACL grants make a bucket public, on grants as GetBucketAcl returns them (normalized by the collector). */
import { describe, expect, it } from "@jest/globals";
import { describeGrants, publicGrants } from "../../../rules/lib/bucket-acl.js";
import type { AclGrant } from "../../../src/types/attributes.js";
import { ALL_USERS, AUTHENTICATED_USERS, groupGrant, OWNER_GRANT } from "../../support/s3-builders.js";

/** The S3 log delivery group: a predefined group, but not a public one. */
const LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";
const OTHER_ACCOUNT_USER: AclGrant = { granteeType: "CanonicalUser", grantee: "be2e7fed4c0c7a9d6e09d98eacf8f8d5218e7cd47ef2be79a59df900b949e55d", permission: "READ" };

describe("publicGrants", () => {
  it("keeps the grants to AllUsers and AuthenticatedUsers", () => {
    const allUsersRead = groupGrant(ALL_USERS, "READ");
    const authenticatedWrite = groupGrant(AUTHENTICATED_USERS, "WRITE");
    expect(publicGrants([OWNER_GRANT, allUsersRead, authenticatedWrite])).toEqual([allUsersRead, authenticatedWrite]);
  });

  it("a private bucket's ACL (the owner's FULL_CONTROL, a grant to another account's canonical user) has no public grant", () => {
    expect(publicGrants([OWNER_GRANT, OTHER_ACCOUNT_USER])).toEqual([]);
  });

  it("the LogDelivery group is a group, but not the public: a log bucket's ACL is not public", () => {
    const logDelivery = [groupGrant(LOG_DELIVERY, "WRITE"), groupGrant(LOG_DELIVERY, "READ_ACP")];
    expect(publicGrants([OWNER_GRANT, ...logDelivery])).toEqual([]);
    expect(publicGrants([OWNER_GRANT, ...logDelivery, groupGrant(ALL_USERS, "READ")])).toEqual([groupGrant(ALL_USERS, "READ")]);
  });
});

describe("describeGrants", () => {
  it("names each grant's permission and group, separated by commas", () => {
    expect(describeGrants([groupGrant(ALL_USERS, "READ"), groupGrant(AUTHENTICATED_USERS, "WRITE")])).toBe("READ to AllUsers, WRITE to AuthenticatedUsers");
  });

  it("names a grantee that is not a public group by its id", () => {
    expect(describeGrants([OTHER_ACCOUNT_USER])).toBe(`READ to ${OTHER_ACCOUNT_USER.grantee}`);
  });
});
