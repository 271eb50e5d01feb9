/**
 * An attribute a run could not read keeps its last known value, but only one
 * the previous record had: the others stay marked unreadable and absent.
 */
import { describe, expect, it } from "@jest/globals";
import { withLastKnown } from "../../src/diff/last-known.js";
import { ACCOUNT } from "../support/builders.js";
import { bucket, groupGrant, ALL_USERS, OWNER_GRANT, oacStatement, policy, without } from "../support/s3-builders.js";

const oac = oacStatement("amzn-s3-demo-bucket", `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL`);
const POLICY_DENIED = { attribute: "policy", field: "GetBucketPolicy answer (AccessDenied)" };
const ACL_DENIED = { attribute: "aclGrants", field: "GetBucketAcl answer (AccessDenied)" };

describe("withLastKnown", () => {
  // Last night the ACL was not read (no enabled rule asked for it); tonight neither the policy nor the ACL could be.
  const previous = without(bucket({ policy: policy(oac) }), "aclGrants");
  const current = { ...without(without(bucket({ versioning: "Suspended" }), "policy"), "aclGrants"), unreadable: [ACL_DENIED, POLICY_DENIED] };

  it("fills the attributes the previous record had and leaves the others marked unreadable", () => {
    const { unreadable: _, ...read } = current;
    expect(withLastKnown(previous, current)).toStrictEqual({ ...read, attributes: { ...read.attributes, policy: policy(oac) }, unreadable: [ACL_DENIED] });
  });

  it("drops the mark once every unreadable attribute has a last known value", () => {
    const before = bucket({ policy: policy(oac), aclGrants: [OWNER_GRANT, groupGrant(ALL_USERS)] });
    const { unreadable: _, ...read } = current;
    expect(withLastKnown(before, current)).toStrictEqual({ ...read, attributes: { ...read.attributes, policy: policy(oac), aclGrants: [OWNER_GRANT, groupGrant(ALL_USERS)] } });
  });

  it("returns the record itself when there is no previous one", () => {
    expect(withLastKnown(undefined, current)).toBe(current);
  });
});
