import { describe, expect, it } from "@jest/globals";
import { describeChange } from "../../src/diff/change-summary.js";
import { diffResources } from "../../src/diff/resource-drift.js";
import { bucket, BUCKET_NAME, distributionArn, oacStatement, policy, publicReadStatement, tlsOnlyStatement } from "../support/s3-builders.js";
import { snapshotOf } from "./account-fixture.js";

const B = BUCKET_NAME;
const oac = oacStatement(B, "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE");
const changesOf = (before: object[], after: object[]) => {
  const drift = diffResources(snapshotOf([bucket({ policy: policy(...before) })]), snapshotOf([bucket({ policy: policy(...after) })]));
  return drift.modified.flatMap((m) => m.changes);
};

describe("bucket-policy drift", () => {
  it("reports nothing for a policy saved with its statements and values in another order", () => {
    const tls = tlsOnlyStatement(B) as { Resource: string[] };
    expect(changesOf([oac, tls], [{ ...tls, Resource: [...tls.Resource].reverse() }, oac])).toEqual([]);
  });

  it("names each statement added or removed, one change each", () => {
    const changes = changesOf([oac, tlsOnlyStatement(B)], [oac, publicReadStatement(B)]);
    expect(changes.map((c) => c.path)).toEqual(["attributes.policy", "attributes.policy"]);
    expect(changes.map(describeChange)).toEqual(["Deny s3:* to * when aws:SecureTransport is false removed", "Allow s3:GetObject to * added"]);
  });

  it("names the distribution an OAC statement admits", () => {
    const [change] = changesOf([], [oacStatement(B, distributionArn("E2QWRUHAPOMQZL"))]);
    expect(describeChange(change!)).toBe("Allow s3:GetObject to cloudfront.amazonaws.com when AWS:SourceArn is arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL added");
  });

  it("reports a statement whose Sid alone changed as one change", () => {
    const changes = changesOf([oac], [{ ...oac, Sid: "OAC" }]);
    expect(changes.map(describeChange)).toEqual(['Allow s3:GetObject to cloudfront.amazonaws.com when AWS:SourceArn is arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE Sid changed from "AllowCloudFrontServicePrincipalReadOnly" to "OAC"']);
  });

  it("describes a whole Deny of everything, with Action * and lists of values", () => {
    const deny = { Effect: "Deny", Principal: { AWS: "*" }, Action: "*", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": ["vpce-1a2b3c4d", "vpce-5e6f7a8b"] } } };
    expect(changesOf([], [deny]).map(describeChange)).toEqual(["Deny * to * when aws:SourceVpce is none of vpce-1a2b3c4d, vpce-5e6f7a8b added"]);
  });
});
