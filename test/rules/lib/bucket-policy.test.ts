/**
 * Bucket-policy semantics the S3 rules share, tested on statements written as
 * the JSON documents GetBucketPolicy returns and normalized by the collector.
 */
import { describe, expect, it } from "@jest/globals";
import {
  accountOfPrincipal,
  admitsAnyone,
  conditionValues,
  coversAction,
  coversBucket,
  coversEveryAction,
  coversEveryObject,
  coversSomeObject,
  principalsOf,
  wildcardMatch,
} from "../../../rules/lib/bucket-policy.js";
import type { PolicyStatement } from "../../../src/types/attributes.js";
import { BUCKET_NAME, distributionArn, OTHER_ACCOUNT, policy } from "../../support/s3-builders.js";

const BUCKET_ARN = `arn:aws:s3:::${BUCKET_NAME}`;
const SITE_DISTRIBUTION = distributionArn("E2QWRUHAPOMQZL");

/** One statement of a policy document, as the collector normalizes it. */
function statement(raw: object): PolicyStatement {
  const statements = policy(raw);
  expect(statements).toHaveLength(1);
  return statements[0]!;
}

/** An Allow of `actions` to anyone on `resources`: only the element under test varies. */
function allow(fields: object): PolicyStatement {
  return statement({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*`, ...fields });
}

/** Statements with Resource (or NotResource) as given, and no Action restriction that matters here. */
function onResources(resource: string | string[]): PolicyStatement {
  return allow({ Resource: resource });
}

describe("wildcardMatch", () => {
  it("matches ARNs with regard to case unless asked not to: object keys and bucket ARNs are case-sensitive", () => {
    expect(wildcardMatch(`${BUCKET_ARN}/Private/*`, `${BUCKET_ARN}/private/report.pdf`)).toBe(false);
    expect(wildcardMatch(`${BUCKET_ARN}/Private/*`, `${BUCKET_ARN}/Private/report.pdf`)).toBe(true);
    expect(wildcardMatch(`${BUCKET_ARN}/Private/*`, `${BUCKET_ARN}/private/report.pdf`, true)).toBe(true);
  });

  it("reads * as any run of characters (across slashes) and ? as exactly one character", () => {
    expect(wildcardMatch(`${BUCKET_ARN}/*`, `${BUCKET_ARN}/images/2024/logo.png`)).toBe(true);
    expect(wildcardMatch(`${BUCKET_ARN}/log-?.txt`, `${BUCKET_ARN}/log-1.txt`)).toBe(true);
    expect(wildcardMatch(`${BUCKET_ARN}/log-?.txt`, `${BUCKET_ARN}/log-10.txt`)).toBe(false);
  });

  it("takes every other character literally: a dot in a bucket name is not a regex wildcard", () => {
    expect(wildcardMatch("arn:aws:s3:::www.example.com/*", "arn:aws:s3:::www.example.com/index.html")).toBe(true);
    expect(wildcardMatch("arn:aws:s3:::www.example.com/*", "arn:aws:s3:::wwwxexample.com/index.html")).toBe(false);
  });
});

describe("coversAction", () => {
  it("an Action list covers an action when any one of its patterns matches it", () => {
    const s = allow({ Action: ["s3:GetObject", "s3:GetObjectVersion"] });
    expect(coversAction(s, "s3:GetObject")).toBe(true);
    expect(coversAction(s, "s3:GetObjectVersion")).toBe(true);
    expect(coversAction(s, "s3:PutObject")).toBe(false);
  });

  it("an Action pattern with a wildcard covers the actions it matches", () => {
    expect(coversAction(allow({ Action: "s3:Get*" }), "s3:GetObject")).toBe(true);
    expect(coversAction(allow({ Action: "s3:Put*" }), "s3:GetObject")).toBe(false);
    expect(coversAction(allow({ Action: "*" }), "s3:GetObject")).toBe(true);
  });

  it("matches action names without regard to case, as IAM does", () => {
    expect(coversAction(allow({ Action: "S3:getobject" }), "s3:GetObject")).toBe(true);
    expect(coversAction(allow({ Action: "s3:get*" }), "s3:GetObject")).toBe(true);
  });

  it("a NotAction statement covers every action it does not name", () => {
    const s = allow({ Action: undefined, NotAction: ["s3:DeleteObject", "s3:PutObject"] });
    expect(coversAction(s, "s3:GetObject")).toBe(true);
    expect(coversAction(s, "s3:PutObject")).toBe(false);
    expect(coversAction(s, "s3:DeleteObject")).toBe(false);
  });

  it("a NotAction statement excludes the actions its wildcard patterns match, without regard to case", () => {
    expect(coversAction(allow({ Action: undefined, NotAction: "s3:Get*" }), "s3:GetObject")).toBe(false);
    expect(coversAction(allow({ Action: undefined, NotAction: "s3:getobject" }), "s3:GetObject")).toBe(false);
    expect(coversAction(allow({ Action: undefined, NotAction: "s3:getobject" }), "s3:ListBucket")).toBe(true);
  });

  it("a statement with neither Action nor NotAction covers no action", () => {
    expect(coversAction(statement({ Effect: "Allow", Principal: "*", Resource: `${BUCKET_ARN}/*` }), "s3:GetObject")).toBe(false);
  });
});

describe("coversEveryAction", () => {
  it('is true for Action "*" and "s3:*", in any case', () => {
    expect(coversEveryAction(allow({ Action: "*" }))).toBe(true);
    expect(coversEveryAction(allow({ Action: "s3:*" }))).toBe(true);
    expect(coversEveryAction(allow({ Action: "S3:*" }))).toBe(true);
  });

  it('is true when "s3:*" is one action of a list', () => {
    expect(coversEveryAction(allow({ Action: ["s3:GetObject", "s3:*"] }))).toBe(true);
  });

  it("is false for a list of named actions, a narrower wildcard, or a NotAction statement", () => {
    expect(coversEveryAction(allow({ Action: ["s3:GetObject", "s3:PutObject"] }))).toBe(false);
    expect(coversEveryAction(allow({ Action: "s3:Get*" }))).toBe(false);
    expect(coversEveryAction(allow({ Action: undefined, NotAction: "s3:DeleteBucket" }))).toBe(false);
  });
});

describe("coversSomeObject", () => {
  it("the documentation's bucket/* resource takes in the bucket's objects", () => {
    expect(coversSomeObject(onResources(`${BUCKET_ARN}/*`), BUCKET_ARN)).toBe(true);
  });

  it("the bucket ARN alone names the bucket, none of its objects", () => {
    expect(coversSomeObject(onResources(BUCKET_ARN), BUCKET_ARN)).toBe(false);
  });

  it("a list naming the bucket and its objects takes in objects", () => {
    expect(coversSomeObject(onResources([BUCKET_ARN, `${BUCKET_ARN}/*`]), BUCKET_ARN)).toBe(true);
  });

  it("a single object named without a wildcard is an object of the bucket", () => {
    expect(coversSomeObject(onResources(`${BUCKET_ARN}/index.html`), BUCKET_ARN)).toBe(true);
  });

  it("a prefix of the bucket's keys (bucket/images/*) takes in some objects", () => {
    expect(coversSomeObject(onResources(`${BUCKET_ARN}/images/*`), BUCKET_ARN)).toBe(true);
  });

  it('a wildcard in the bucket name that matches it takes in its objects: "arn:aws:s3:::*", "*", "arn:aws:s3:::amzn-s3-demo-*"', () => {
    expect(coversSomeObject(onResources("arn:aws:s3:::*"), BUCKET_ARN)).toBe(true);
    expect(coversSomeObject(onResources("*"), BUCKET_ARN)).toBe(true);
    expect(coversSomeObject(onResources("arn:aws:s3:::amzn-s3-demo-*"), BUCKET_ARN)).toBe(true);
  });

  it("another bucket's objects are not this bucket's, even when its name starts with this bucket's", () => {
    expect(coversSomeObject(onResources("arn:aws:s3:::amzn-s3-demo-assets/*"), BUCKET_ARN)).toBe(false);
    expect(coversSomeObject(onResources(`${BUCKET_ARN}-logs/*`), BUCKET_ARN)).toBe(false);
    expect(coversSomeObject(onResources(`${BUCKET_ARN}-logs/index.html`), BUCKET_ARN)).toBe(false);
  });

  it("a NotResource statement is read as taking in objects, whatever it excepts", () => {
    const s = statement({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", NotResource: `${BUCKET_ARN}/private/*` });
    expect(coversSomeObject(s, BUCKET_ARN)).toBe(true);
  });
});

describe("coversEveryObject", () => {
  it('bucket/*, "arn:aws:s3:::*" and "*" take in every object of the bucket', () => {
    expect(coversEveryObject(onResources(`${BUCKET_ARN}/*`), BUCKET_ARN)).toBe(true);
    expect(coversEveryObject(onResources("arn:aws:s3:::*"), BUCKET_ARN)).toBe(true);
    expect(coversEveryObject(onResources("*"), BUCKET_ARN)).toBe(true);
  });

  it("the documentation's TLS-only resource list (bucket and bucket/*) takes in every object", () => {
    expect(coversEveryObject(onResources([BUCKET_ARN, `${BUCKET_ARN}/*`]), BUCKET_ARN)).toBe(true);
  });

  it("a pattern whose wildcards take in every key after the bucket ARN covers every object: */*, bucket/**, a bucket-name prefix/*", () => {
    const bucketNamePrefix = `${BUCKET_ARN.slice(0, -3)}*/*`;
    expect(bucketNamePrefix.endsWith("*/*")).toBe(true);
    for (const pattern of ["arn:aws:s3:::*/*", `${BUCKET_ARN}/**`, bucketNamePrefix, "arn:aws:s3:::?*/*"]) {
      expect([pattern, coversEveryObject(onResources(pattern), BUCKET_ARN)]).toEqual([pattern, true]);
    }
    // A wildcard before the end of what the stars after it take in: the pattern matches a start of the bucket ARN, and the stars the rest.
    const name = BUCKET_ARN.slice("arn:aws:s3:::".length);
    for (const pattern of [`arn:aws:s3:::${name[0]}?${name.slice(2, 4)}*`, `arn:aws:s3:::?${name.slice(1, 3)}*`]) {
      expect([pattern, coversEveryObject(onResources(pattern), BUCKET_ARN)]).toEqual([pattern, true]);
    }
    expect(coversEveryObject(onResources(`arn:aws:s3:::${name[0]}?#*`), BUCKET_ARN)).toBe(false);
    // Another bucket's prefix, or a key prefix behind a wildcard, does not.
    for (const pattern of ["arn:aws:s3:::other-*/*", `${BUCKET_ARN}*/images/*`, "arn:aws:s3:::*/images/*"]) {
      expect([pattern, coversEveryObject(onResources(pattern), BUCKET_ARN)]).toEqual([pattern, false]);
    }
  });

  it("a key prefix, a single object or the bucket alone leaves objects out", () => {
    expect(coversEveryObject(onResources(`${BUCKET_ARN}/images/*`), BUCKET_ARN)).toBe(false);
    expect(coversEveryObject(onResources(`${BUCKET_ARN}/index.html`), BUCKET_ARN)).toBe(false);
    expect(coversEveryObject(onResources(BUCKET_ARN), BUCKET_ARN)).toBe(false);
  });

  it("another bucket's objects are not this bucket's", () => {
    expect(coversEveryObject(onResources("arn:aws:s3:::amzn-s3-demo-assets/*"), BUCKET_ARN)).toBe(false);
  });
});

describe("coversBucket", () => {
  it('the bucket ARN, "arn:aws:s3:::*" and "*" name the bucket itself', () => {
    expect(coversBucket(onResources(BUCKET_ARN), BUCKET_ARN)).toBe(true);
    expect(coversBucket(onResources("arn:aws:s3:::*"), BUCKET_ARN)).toBe(true);
    expect(coversBucket(onResources("*"), BUCKET_ARN)).toBe(true);
  });

  it("bucket/* names the objects, not the bucket", () => {
    expect(coversBucket(onResources(`${BUCKET_ARN}/*`), BUCKET_ARN)).toBe(false);
  });

  it("another bucket's ARN does not name this bucket", () => {
    expect(coversBucket(onResources("arn:aws:s3:::amzn-s3-demo-assets"), BUCKET_ARN)).toBe(false);
    expect(coversBucket(onResources(`${BUCKET_ARN}-logs`), BUCKET_ARN)).toBe(false);
  });
});

describe("admitsAnyone", () => {
  it('Principal "*" and {"AWS": "*"} admit anyone', () => {
    expect(admitsAnyone(allow({ Principal: "*" }).principal)).toBe(true);
    expect(admitsAnyone(allow({ Principal: { AWS: "*" } }).principal)).toBe(true);
  });

  it("named accounts, services and an absent principal do not", () => {
    expect(admitsAnyone(allow({ Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } }).principal)).toBe(false);
    expect(admitsAnyone(allow({ Principal: { Service: "cloudfront.amazonaws.com" } }).principal)).toBe(false);
    expect(admitsAnyone(undefined)).toBe(false);
  });
});

describe("principalsOf", () => {
  it('Principal "*" is the AWS principal "*"', () => {
    expect(principalsOf("*")).toEqual([{ kind: "AWS", value: "*" }]);
  });

  it("lists every principal of every kind with its kind", () => {
    const s = allow({ Principal: { Service: "cloudfront.amazonaws.com", AWS: [`arn:aws:iam::${OTHER_ACCOUNT}:root`, "444455556666"] } });
    expect(principalsOf(s.principal!)).toEqual([
      { kind: "AWS", value: "444455556666" },
      { kind: "AWS", value: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
      { kind: "Service", value: "cloudfront.amazonaws.com" },
    ]);
  });
});

describe("conditionValues", () => {
  const SOURCE_ARN_OPERATORS = ["StringEquals", "StringLike", "ArnEquals", "ArnLike"];

  it("finds the documentation's OAC condition under any case of its key", () => {
    const s = allow({ Principal: { Service: "cloudfront.amazonaws.com" }, Condition: { StringEquals: { "AWS:SourceArn": SITE_DISTRIBUTION } } });
    expect(conditionValues(s, SOURCE_ARN_OPERATORS, "aws:SourceArn")).toEqual([{ operator: "StringEquals", values: [SITE_DISTRIBUTION] }]);
  });

  it("a statement without Condition has no condition values", () => {
    expect(conditionValues(allow({}), SOURCE_ARN_OPERATORS, "aws:SourceArn")).toEqual([]);
  });

  it("returns only the asked key, not the other keys under the same operator", () => {
    const s = allow({
      Principal: { Service: "cloudfront.amazonaws.com" },
      Condition: { StringEquals: { "AWS:SourceAccount": OTHER_ACCOUNT, "AWS:SourceArn": SITE_DISTRIBUTION } },
    });
    expect(conditionValues(s, SOURCE_ARN_OPERATORS, "aws:SourceArn")).toEqual([{ operator: "StringEquals", values: [SITE_DISTRIBUTION] }]);
  });

  it("ignores the key under an operator not asked for: StringNotEquals is no StringEquals", () => {
    const s = allow({ Principal: { Service: "cloudfront.amazonaws.com" }, Condition: { StringNotEquals: { "AWS:SourceArn": SITE_DISTRIBUTION } } });
    expect(conditionValues(s, SOURCE_ARN_OPERATORS, "aws:SourceArn")).toEqual([]);
  });

  it("counts an operator's IfExists form as the operator, and reports it as written", () => {
    const s = statement({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: `${BUCKET_ARN}/*`, Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } });
    expect(conditionValues(s, ["Bool"], "aws:SecureTransport")).toEqual([{ operator: "BoolIfExists", values: ["false"] }]);
  });

  it("collects the key from each asked operator that has it", () => {
    const s = allow({
      Principal: { Service: "cloudfront.amazonaws.com" },
      Condition: { ArnLike: { "aws:SourceArn": distributionArn("E*") }, StringEquals: { "AWS:SourceArn": SITE_DISTRIBUTION } },
    });
    expect(conditionValues(s, SOURCE_ARN_OPERATORS, "aws:SourceArn")).toEqual([
      { operator: "ArnLike", values: [distributionArn("E*")] },
      { operator: "StringEquals", values: [SITE_DISTRIBUTION] },
    ]);
  });
});

describe("accountOfPrincipal", () => {
  it("a bare twelve-digit account id is that account", () => {
    expect(accountOfPrincipal("AWS", OTHER_ACCOUNT)).toBe(OTHER_ACCOUNT);
  });

  it("only exactly twelve digits is a bare account id", () => {
    expect(accountOfPrincipal("AWS", "11112222333")).toBeUndefined();
    expect(accountOfPrincipal("AWS", "1111222233334")).toBeUndefined();
  });

  it("an IAM user, role or root ARN belongs to the account in the ARN", () => {
    expect(accountOfPrincipal("AWS", `arn:aws:iam::${OTHER_ACCOUNT}:root`)).toBe(OTHER_ACCOUNT);
    expect(accountOfPrincipal("AWS", `arn:aws:iam::${OTHER_ACCOUNT}:user/deploy`)).toBe(OTHER_ACCOUNT);
  });

  it("a role whose name ends in another account's id belongs to the account in its ARN", () => {
    expect(accountOfPrincipal("AWS", `arn:aws:iam::${OTHER_ACCOUNT}:role/cross-account-444455556666`)).toBe(OTHER_ACCOUNT);
  });

  it("an STS assumed-role session belongs to the role's account", () => {
    expect(accountOfPrincipal("AWS", `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/deploy/session-1`)).toBe(OTHER_ACCOUNT);
  });

  it("ARNs of the China and GovCloud partitions name their account too", () => {
    expect(accountOfPrincipal("AWS", `arn:aws-cn:iam::${OTHER_ACCOUNT}:root`)).toBe(OTHER_ACCOUNT);
    expect(accountOfPrincipal("AWS", `arn:aws-us-gov:iam::${OTHER_ACCOUNT}:role/deploy`)).toBe(OTHER_ACCOUNT);
  });

  it("a CloudFront origin access identity belongs to no account", () => {
    expect(accountOfPrincipal("AWS", "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E15MNIMTCFKK4C")).toBeUndefined();
  });

  it("service, canonical-user and federated principals belong to no account, even when the value is an IAM ARN", () => {
    expect(accountOfPrincipal("Service", "cloudfront.amazonaws.com")).toBeUndefined();
    expect(accountOfPrincipal("CanonicalUser", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be")).toBeUndefined();
    expect(accountOfPrincipal("Federated", `arn:aws:iam::${OTHER_ACCOUNT}:saml-provider/ExampleProvider`)).toBeUndefined();
  });
});
