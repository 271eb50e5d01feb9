import rule from "../../../rules/cloudfront/cloudfront-logging.js";
import { distribution, distributionConfigNotRead } from "../../support/cloudfront-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "logging to a bucket with a prefix", resource: distribution(), reason: /access logging is on to example-logs\.s3\.amazonaws\.com\/cloudfront\// },
    { name: "logging without a prefix", resource: distribution({ logging: { enabled: true, bucket: "logs.s3.amazonaws.com", prefix: "" } }), reason: /on to logs\.s3\.amazonaws\.com$/ },
  ],
  fail: [
    { name: "logging off", resource: distribution({ logging: { enabled: false } }), reason: /logging is off/ },
    { name: "logging off with a bucket left configured", resource: distribution({ logging: { enabled: false, bucket: "logs.s3.amazonaws.com", prefix: "cf/" } }), evidence: { logging: { enabled: false } } },
    { name: "logging off while the region was partly collected", resource: distribution({ logging: { enabled: false } }), errors: [distributionConfigNotRead()], reason: /Logging\.Enabled is false/ },
  ],
  notApplicable: [],
  error: [{ name: "config not read", resource: distribution({ configRead: false }), errors: [distributionConfigNotRead()], reason: /not read/ }],
});
