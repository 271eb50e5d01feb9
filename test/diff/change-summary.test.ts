/**
 * The one-line change summaries that reports and alerts show: "nothing" for
 * a value that was not there, long values cut at a fixed width, and values
 * that merely look like security-group rules outside ingress/egress.
 */
import { describe, expect, it } from "@jest/globals";
import { describeChange } from "../../src/diff/change-summary.js";
import { diffResources } from "../../src/diff/resource-drift.js";
import { sg, tcp } from "../support/builders.js";
import { bucket, oacStatement, policy } from "../support/s3-builders.js";
import { snapshotOf } from "./account-fixture.js";

const T2 = "2026-11-02T02:00:00.000Z";
const summaries = (before: Parameters<typeof snapshotOf>[0], after: Parameters<typeof snapshotOf>[0]) =>
  diffResources(snapshotOf(before), snapshotOf(after, [], T2)).modified.flatMap((m) => m.changes.map(describeChange));

describe("describeChange", () => {
  it('says "nothing" for a permission description that was not set before', () => {
    const rule = tcp(22, "203.0.113.0/24");
    expect(summaries([sg({ id: "sg-0app000000000002", ingress: [rule] })], [sg({ id: "sg-0app000000000002", ingress: [{ ...rule, description: "office VPN" }] })])).toEqual([
      'ingress tcp/22 from 203.0.113.0/24 description changed from nothing to "office VPN"',
    ]);
  });

  it('says "nothing" for a bucket-policy statement whose Sid was removed', () => {
    const oac = oacStatement("amzn-s3-demo-bucket", "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL");
    const { Sid: _, ...withoutSid } = oac as { Sid: string };
    expect(summaries([bucket({ policy: policy(oac) })], [bucket({ policy: policy(withoutSid) })])).toEqual([
      'Allow s3:GetObject to cloudfront.amazonaws.com when AWS:SourceArn is arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL Sid changed from "AllowCloudFrontServicePrincipalReadOnly" to nothing',
    ]);
  });

  it("keeps a value of exactly 120 characters whole", () => {
    const description = "Production web tier for www.example.com; owned by the platform team; cost centre 441; change ticket required to delete";
    expect(JSON.stringify(description)).toHaveLength(120);
    expect(describeChange({ path: "tags.Description", after: description })).toBe(`tags.Description set to "${description}"`);
  });

  it("cuts a longer value to 120 characters, the last one an ellipsis", () => {
    const description = "Production web tier for www.example.com; owned by the platform team; cost centre 4410; change ticket required to delete";
    expect(JSON.stringify(description)).toHaveLength(121);
    expect(describeChange({ path: "tags.Description", after: description })).toBe(
      'tags.Description set to "Production web tier for www.example.com; owned by the platform team; cost centre 4410; change ticket required to delet…',
    );
  });

  it("cuts each long value of a change on its own", () => {
    const arns = [
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/7e4b2c1d3f5a6b7c",
    ];
    const text = describeChange({ path: "attributes.loadBalancerArns", before: arns, after: [] });
    expect(text).toBe('loadBalancerArns changed from ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188","arn:aws:elasticloadbalanc… to []');
    expect(text.slice("loadBalancerArns changed from ".length, text.indexOf(" to []"))).toHaveLength(120);
  });

  it("describes a target group's health check, which has a protocol, as a value rather than a security-group rule", () => {
    const healthCheck = { enabled: true, protocol: "HTTP", port: "traffic-port", path: "/health" };
    expect(describeChange({ path: "attributes.healthCheck", after: healthCheck })).toBe('healthCheck set to {"enabled":true,"protocol":"HTTP","port":"traffic-port","path":"/health"}');
    expect(describeChange({ path: "attributes.healthCheck", before: healthCheck })).toBe('healthCheck removed (was {"enabled":true,"protocol":"HTTP","port":"traffic-port","path":"/health"})');
    expect(describeChange({ path: "attributes.healthCheck", before: healthCheck, after: { ...healthCheck, protocol: "HTTPS" } })).toBe(
      'healthCheck changed from {"enabled":true,"protocol":"HTTP","port":"traffic-port","path":"/health"} to {"enabled":true,"protocol":"HTTPS","port":"traffic-port","path":"/health"}',
    );
  });
});
