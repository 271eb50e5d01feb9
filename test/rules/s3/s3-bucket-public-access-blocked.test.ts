import rule from "../../../rules/s3/s3-bucket-public-access-blocked.js";
import { accountBlock, accountBlockNotRead, block, bucket, unreadable, without } from "../../support/s3-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const none = bucket({ publicAccessBlock: null });

ruleTester.run(rule, {
  pass: [
    { name: "all four on at the bucket level", resource: bucket(), related: [accountBlock(null)], reason: /^all four settings are on: at the bucket level$/ },
    { name: "all four on at the account level only", resource: none, related: [accountBlock(block(true))], reason: /at the account level$/, evidence: { bucket: null } },
    { name: "on at both levels", resource: bucket(), related: [accountBlock(block(true))], reason: /at the bucket and account level$/ },
    {
      name: "a mix counts: S3 applies each setting from either level",
      resource: bucket({ publicAccessBlock: block({ blockPublicAcls: true, ignorePublicAcls: true }) }),
      related: [accountBlock(block({ blockPublicPolicy: true, restrictPublicBuckets: true }))],
      reason: /blockPublicAcls at the bucket level, ignorePublicAcls at the bucket level, blockPublicPolicy at the account level, restrictPublicBuckets at the account level/,
    },
    { name: "bucket settings not read, but the account has all four", resource: without(bucket(), "publicAccessBlock"), related: [accountBlock(block(true))], reason: /account level/ },
  ],
  fail: [
    { name: "no configuration at either level", resource: none, related: [accountBlock(null)], reason: /^no Block Public Access configuration at the bucket or the account level$/ },
    {
      name: "bucket turns off RestrictPublicBuckets and the account has none",
      resource: bucket({ publicAccessBlock: block({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true }) }),
      related: [accountBlock(null)],
      reason: /^restrictPublicBuckets is off at both the bucket and the account level$/,
    },
    {
      name: "both levels partial, policy settings off at both",
      resource: bucket({ publicAccessBlock: block({ blockPublicAcls: true }) }),
      related: [accountBlock(block({ ignorePublicAcls: true }))],
      reason: /^blockPublicPolicy, restrictPublicBuckets are off/,
    },
    { name: "all four off explicitly at both levels", resource: bucket({ publicAccessBlock: block(false) }), related: [accountBlock(block(false))], reason: /blockPublicAcls, ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets are off/ },
  ],
  notApplicable: [],
  error: [
    { name: "account settings not collected and the bucket has none", resource: none, errors: [accountBlockNotRead()], reason: /the account-level settings were not collected/ },
    { name: "bucket settings unreadable and the account partial", resource: unreadable(bucket(), "publicAccessBlock", "PublicAccessBlockConfiguration"), related: [accountBlock(block({ blockPublicAcls: true }))], reason: /ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets not on where read, and the bucket-level settings were not collected/ },
  ],
});
