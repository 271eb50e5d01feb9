import * as z from "zod";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { PolicyStatement } from "../../src/types/attributes.js";
import type { Bucket } from "./bucket.js";
import { BUCKET, bucketArn, notRead } from "./bucket.js";
import { admitsAnyone, conditionValues, coversBucket, coversEveryAction, coversEveryObject, describeStatement } from "../lib/bucket-policy.js";

export default defineRule({
  id: "s3-bucket-tls-only",
  title: "S3 bucket policy denies requests that do not use TLS",
  service: "s3",
  severity: "medium",
  resourceTypes: [BUCKET],
  rationale:
    "S3 accepts plain HTTP unless the bucket policy refuses it; a Deny of every action to everyone when aws:SecureTransport is false keeps objects and credentials-signed requests off unencrypted connections, for the bucket and all its objects. " +
    "A Deny of only some actions (reads but not writes) leaves the rest open to plain HTTP.",
  remediation:
    "Add this statement to the bucket policy (merge it with the existing statements):\n" +
    '{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*", ' +
    '"Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"], ' +
    '"Condition": {"Bool": {"aws:SecureTransport": "false"}}}\n' +
    "aws s3api put-bucket-policy --bucket amzn-s3-demo-bucket --policy file://policy.json",
  references: { awsConfig: "s3-bucket-ssl-requests-only", securityHub: "S3.5" },
  needs: ["s3.bucketPolicy"],
  explainedBy: { attributes: ["policy"] },
  params: z.object({}).strict(),
  evaluate(bucket: Bucket) {
    const policy = bucket.attributes.policy;
    if (policy === undefined) return notRead("policy");
    if (policy.length === 0) return fail("the bucket has no policy, so S3 accepts requests over plain HTTP", { statements: [] });
    const arn = bucketArn(bucket);
    const insecure = policy.filter((s) => s.effect === "Deny" && deniesPlainHttp(s));
    const described = insecure.map(describeStatement);
    const evidence = { statements: described };
    const complete = insecure.findIndex((s) => admitsAnyone(s.principal) && coversEveryAction(s) && coversBucket(s, arn) && coversEveryObject(s, arn));
    if (complete >= 0) return pass(`the policy denies every request over plain HTTP: ${described[complete]}`, evidence);
    if (insecure.length > 0) return fail(`the policy's plain-HTTP Deny is partial: ${insecure.map((s, i) => `${described[i]} (${gaps(s, arn).join(", ")})`).join("; ")}`, evidence);
    const tlsVersion = policy.find((s) => s.effect === "Deny" && conditionValues(s, ["NumericLessThan"], "s3:TlsVersion").length > 0);
    // s3:TlsVersion denies old TLS versions; it is no answer to plain HTTP, which has no TLS version.
    const note = tlsVersion ? ` (it denies old TLS versions: ${describeStatement(tlsVersion)}, but not plain HTTP)` : "";
    return fail(`no Deny statement for requests with aws:SecureTransport false${note}`, evidence);
  },
});

const BOOL = ["Bool"];

/** Bool or BoolIfExists aws:SecureTransport "false": IfExists also denies requests that carry no such key. */
function deniesPlainHttp(statement: PolicyStatement): boolean {
  return conditionValues(statement, BOOL, "aws:SecureTransport").some(({ values }) => values.some((v) => v.toLowerCase() === "false"));
}

function gaps(statement: PolicyStatement, arn: string): string[] {
  const missing: string[] = [];
  if (!admitsAnyone(statement.principal)) missing.push("not every principal");
  if (!coversEveryAction(statement)) missing.push("not every action");
  if (!coversBucket(statement, arn)) missing.push("not the bucket itself");
  if (!coversEveryObject(statement, arn)) missing.push("not every object");
  return missing;
}
