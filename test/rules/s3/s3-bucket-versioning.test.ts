import rule from "../../../rules/s3/s3-bucket-versioning.js";
import { bucket, unreadable, without } from "../../support/s3-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "Enabled", resource: bucket(), reason: /^versioning is Enabled$/ },
    { name: "Enabled in another region", resource: bucket({ name: "amzn-s3-demo-logs", region: "eu-west-1" }), evidence: { versioning: "Enabled" } },
  ],
  fail: [
    { name: "Suspended", resource: bucket({ versioning: "Suspended" }), reason: /Suspended/ },
    { name: "never enabled (GetBucketVersioning returns no Status)", resource: bucket({ versioning: "Off" }), reason: /never enabled/ },
    { name: "Suspended on a public bucket in another region", resource: bucket({ name: "amzn-s3-demo-site", region: "us-west-2", versioning: "Suspended", policyIsPublic: true }), evidence: { versioning: "Suspended" } },
  ],
  notApplicable: [],
  error: [
    { name: "versioning not read", resource: without(bucket(), "versioning"), reason: /versioning was not read \(S3 GetBucketVersioning\)/ },
    { name: "versioning read failed", resource: unreadable(bucket(), "versioning", "GetBucketVersioning"), reason: /GetBucketVersioning/ },
  ],
});
