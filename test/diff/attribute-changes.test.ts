/**
 * Which attributes drift compares as sets of statements and which as whole
 * values: only a bucket's `policy` is a set of statements; its other lists,
 * and any other type's `policy`, are whole values; null is a value, not an
 * object to look into.
 */
import { describe, expect, it } from "@jest/globals";
import { attributeChanges as changesOf } from "../../src/diff/attribute-changes.js";
import { describeChange } from "../../src/diff/change-summary.js";
import type { PolicyStatement } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { ACCOUNT, REGION, record } from "../support/builders.js";
import { accountBlock, ALL_USERS, block, bucket, groupGrant, OWNER_GRANT, oacStatement, policy, tlsOnlyStatement } from "../support/s3-builders.js";

const B = "amzn-s3-demo-bucket";
// Records as the collectors type them (BucketAttributes, …), compared as the stored records drift reads.
const attributeChanges = (before: ResourceRecord<any>, after: ResourceRecord<any>) => changesOf(before, after);
const oac = oacStatement(B, `arn:aws:cloudfront::${ACCOUNT}:distribution/E2QWRUHAPOMQZL`);

describe("attributeChanges", () => {
  it("compares a bucket's ACL grants as a whole list, not as policy statements", () => {
    const before = bucket({ aclGrants: [OWNER_GRANT] });
    const after = bucket({ aclGrants: [OWNER_GRANT, groupGrant(ALL_USERS)] });
    const changes = attributeChanges(before, after);
    expect(changes).toEqual([{ path: "attributes.aclGrants", before: [OWNER_GRANT], after: [OWNER_GRANT, groupGrant(ALL_USERS)] }]);
  });

  it("reports a bucket's Block Public Access deleted as one change to null", () => {
    const changes = attributeChanges(bucket({ publicAccessBlock: block(true) }), bucket({ publicAccessBlock: null }));
    expect(changes).toEqual([{ path: "attributes.publicAccessBlock", before: block(true), after: null }]);
    expect(changes.map(describeChange)).toEqual([
      'publicAccessBlock changed from {"blockPublicAcls":true,"ignorePublicAcls":true,"blockPublicPolicy":true,"restrictPublicBuckets":true} to null',
    ]);
  });

  it("reports the account's Block Public Access turned on from none as one change from null", () => {
    expect(attributeChanges(accountBlock(null), accountBlock(block(true)))).toEqual([{ path: "attributes.publicAccessBlock", before: null, after: block(true) }]);
  });

  it("compares a bucket's policy as a set of statements", () => {
    expect(attributeChanges(bucket({ policy: policy(oac) }), bucket({ policy: policy(tlsOnlyStatement(B), oac) }))).toEqual([{ path: "attributes.policy", after: policy(tlsOnlyStatement(B))[0] }]);
  });

  it("compares another type's `policy` list as a whole value, in its order", () => {
    // A table's resource policy, were a collector to record one: only buckets' policies are statement sets.
    const table = (statements: PolicyStatement[]) => record("AWS::DynamoDB::Table", "orders", { tableStatus: "ACTIVE", policy: statements }, { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`, name: "orders" });
    const [first, second] = policy(oac, tlsOnlyStatement(B)) as [PolicyStatement, PolicyStatement];
    expect(attributeChanges(table([first, second]), table([second, first]))).toEqual([{ path: "attributes.policy", before: [first, second], after: [second, first] }]);
    expect(attributeChanges(table([first]), table([first, second]))).toEqual([{ path: "attributes.policy", before: [first], after: [first, second] }]);
  });
});
