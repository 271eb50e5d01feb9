import rule from "../../../rules/s3/s3-bucket-not-public.js";
import { accountBlock, accountBlockNotRead, ALL_USERS, AUTHENTICATED_USERS, block, bucket, groupGrant, OWNER_GRANT, without } from "../../support/s3-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const noBlock = [accountBlock(null)];

ruleTester.run(rule, {
  pass: [
    { name: "private policy and the owner's grant only", resource: bucket({ publicAccessBlock: null }), related: noBlock, reason: /^the bucket policy is not public and no ACL grant/ },
    {
      name: "public policy made ineffective by the account's RestrictPublicBuckets",
      resource: bucket({ publicAccessBlock: null, policyIsPublic: true }),
      related: [accountBlock(block(true))],
      reason: /the bucket policy is public \(GetBucketPolicyStatus IsPublic\), made ineffective by restrictPublicBuckets at the account level/,
    },
    {
      name: "public-read ACL made ineffective by the bucket's IgnorePublicAcls",
      resource: bucket({ publicAccessBlock: block({ ignorePublicAcls: true }), aclGrants: [OWNER_GRANT, groupGrant(ALL_USERS)] }),
      related: noBlock,
      reason: /READ to AllUsers, made ineffective by ignorePublicAcls at the bucket level/,
    },
  ],
  fail: [
    { name: "public policy, no Block Public Access", resource: bucket({ publicAccessBlock: null, policyIsPublic: true }), related: noBlock, reason: /^the bucket policy is public \(GetBucketPolicyStatus IsPublic\)$/ },
    { name: "public-read ACL (AllUsers READ)", resource: bucket({ publicAccessBlock: null, aclGrants: [OWNER_GRANT, groupGrant(ALL_USERS)] }), related: noBlock, reason: /^the ACL grants READ to AllUsers$/ },
    {
      name: "AuthenticatedUsers WRITE: any AWS account may write",
      resource: bucket({ publicAccessBlock: null, aclGrants: [OWNER_GRANT, groupGrant(AUTHENTICATED_USERS, "WRITE")] }),
      related: noBlock,
      reason: /WRITE to AuthenticatedUsers/,
      evidence: { publicAclGrants: [{ grantee: AUTHENTICATED_USERS, permission: "WRITE" }] },
    },
    {
      name: "IgnorePublicAcls does not cover a public policy",
      resource: bucket({ publicAccessBlock: block({ blockPublicAcls: true, ignorePublicAcls: true }), policyIsPublic: true, aclGrants: [OWNER_GRANT, groupGrant(ALL_USERS)] }),
      related: noBlock,
      reason: /^the bucket policy is public \(GetBucketPolicyStatus IsPublic\); the ACL grants READ to AllUsers, made ineffective by ignorePublicAcls/,
    },
  ],
  notApplicable: [],
  error: [
    { name: "policy status not read", resource: without(bucket(), "policyIsPublic"), related: noBlock, reason: /policyIsPublic was not read \(S3 GetBucketPolicyStatus\)/ },
    { name: "ACL not read", resource: without(bucket(), "aclGrants"), related: noBlock, reason: /GetBucketAcl/ },
    { name: "public policy, bucket has no block, account settings not collected", resource: bucket({ publicAccessBlock: null, policyIsPublic: true }), errors: [accountBlockNotRead()], reason: /restrictPublicBuckets not collected/ },
  ],
});
