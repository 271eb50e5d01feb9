import rule from "../../../rules/s3/s3-bucket-tls-only.js";
import { bucket, BUCKET_NAME, policy, publicReadStatement, tlsOnlyStatement, unreadable, without } from "../../support/s3-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const B = BUCKET_NAME;
const withPolicy = (...statements: object[]) => bucket({ policy: policy(...statements) });
const tls = tlsOnlyStatement(B) as Record<string, unknown>;

ruleTester.run(rule, {
  pass: [
    { name: "Deny-only TLS statement with Bool", resource: withPolicy(tls), reason: /^the policy denies every request over plain HTTP: Deny s3:\* to \* when aws:SecureTransport is false$/ },
    { name: "Deny with BoolIfExists, Principal {AWS: *} and Action *", resource: withPolicy({ ...tlsOnlyStatement(B, "BoolIfExists"), Principal: { AWS: "*" }, Action: "*" }), reason: /Deny \* to \* when aws:SecureTransport is false/ },
    { name: "Resource * and a boolean false beside a public-read statement", resource: withPolicy(publicReadStatement(B), { ...tls, Resource: "*", Condition: { Bool: { "aws:SecureTransport": false } } }), reason: /denies every request/ },
  ],
  fail: [
    { name: "the bucket has no policy", resource: bucket({ policy: [] }), reason: /no policy/ },
    { name: "a policy without a SecureTransport Deny", resource: withPolicy(publicReadStatement(B)), reason: /^no Deny statement for requests with aws:SecureTransport false$/ },
    { name: "Deny of only s3:GetObject leaves writes open", resource: withPolicy({ ...tls, Action: "s3:GetObject" }), reason: /partial: .*\(not every action\)/ },
    { name: "objects but not the bucket", resource: withPolicy({ ...tls, Resource: `arn:aws:s3:::${B}/*` }), reason: /\(not the bucket itself\)/ },
    { name: "one account only", resource: withPolicy({ ...tls, Principal: { AWS: "arn:aws:iam::111122223333:root" } }), reason: /\(not every principal\)/ },
    {
      name: "s3:TlsVersion alone is no answer to plain HTTP",
      resource: withPolicy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${B}`, `arn:aws:s3:::${B}/*`], Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } } }),
      reason: /denies old TLS versions: Deny s3:\* to \* when s3:TlsVersion is less than 1\.2, but not plain HTTP/,
    },
  ],
  notApplicable: [],
  error: [
    { name: "policy not read", resource: without(bucket(), "policy"), reason: /policy was not read \(S3 GetBucketPolicy\)/ },
    { name: "policy unreadable (not JSON)", resource: unreadable(bucket(), "policy", "Policy (not a JSON document)"), reason: /Policy \(not a JSON document\)/ },
  ],
});
