import { describe, expect, it } from "@jest/globals";
import { canonicalJson, findingHash, rememberResourceHash, resourceHash, sameCanonical, sameConfiguration, sameFinding, sameFindingResource } from "../../src/types/canonical.js";
import type { Finding } from "../../src/types/finding.js";
import { sg, tcp } from "../support/builders.js";

describe("sameCanonical", () => {
  // Pairs whose canonical JSON is the same, and pairs whose is not: sameCanonical must agree with it on each.
  const pairs: [unknown, unknown][] = [
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }],
    [{ a: 1, b: undefined }, { a: 1 }],
    [{ a: 1, f: () => 1 }, { a: 1 }],
    [[undefined, 1], [null, 1]],
    [[NaN], [null]],
    [{ n: Infinity }, { n: null }],
    [{ "10": 1, "9": 2 }, { "9": 2, "10": 1 }],
    [0, -0],
    [{ a: [] }, { a: {} }],
    [{ a: 1 }, { a: "1" }],
    [{ a: null }, {}],
    [{ a: 1 }, { a: 1, b: 2 }],
    [{ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 3 }] } }],
    [[1, 2], [2, 1]],
    [undefined, null],
    [new Date(0), {}],
    [JSON.parse('{"__proto__": {"x": 1}, "a": 1}'), { a: 1 }],
  ];
  it.each(pairs.map((pair, i) => [i, ...pair]))("agrees with comparing canonicalJson (pair %i)", (_, a, b) => {
    expect(sameCanonical(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
    expect(sameCanonical(b, a)).toBe(canonicalJson(a) === canonicalJson(b));
  });

  it("compares findings as findingHash does: lastSeen aside", () => {
    const finding = { id: "f", ruleId: "r", status: "FAIL", severity: "high", reason: "open", resource: { type: "AWS::EC2::SecurityGroup", id: "sg-1", region: "us-east-1" }, firstSeen: "a", lastSeen: "b" } as unknown as Finding;
    for (const other of [{ ...finding, lastSeen: "c" }, { ...finding, reason: "closed" }, { ...finding, evidence: { port: 22 } }, { ...finding, evidence: undefined }]) {
      expect(sameFinding(finding, other as Finding)).toBe(findingHash(finding) === findingHash(other as Finding));
    }
  });
});

describe("sameFinding on findings of the usual shape (compared field by field)", () => {
  // Findings as evaluation and the stores make them, and each one field away: sameFinding must agree with findingHash on every pair.
  const usual = {
    id: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    ruleId: "ec2-ssh-restricted",
    status: "FAIL",
    severity: "high",
    resource: { type: "AWS::EC2::SecurityGroup", id: "sg-0abc", region: "us-east-1", accountId: "111122223333", tags: { env: "prod" }, arn: "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0abc", name: "web" },
    reason: "SSH port 22 open to the internet",
    evidence: { permissions: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }] },
    firstSeen: "2026-11-01T02:00:00.000Z",
    lastSeen: "2026-11-02T02:00:00.000Z",
  } as unknown as Finding;
  const resource = usual.resource as unknown as Record<string, unknown>;
  const variants: [string, Finding][] = [
    ["the same, parsed again", JSON.parse(JSON.stringify(usual)) as Finding],
    ["another lastSeen", { ...usual, lastSeen: "2026-11-03T02:00:00.000Z" }],
    ["another id", { ...usual, id: "ffffffffffffffffffffffffffffffff" }],
    ["another rule", { ...usual, ruleId: "ec2-rdp-restricted" }],
    ["another status", { ...usual, status: "PASS" }],
    ["another severity", { ...usual, severity: "low" }],
    ["another reason", { ...usual, reason: "closed" }],
    ["another firstSeen", { ...usual, firstSeen: "2026-10-01T02:00:00.000Z" }],
    ["no firstSeen", { ...usual, firstSeen: undefined }],
    ["other evidence", { ...usual, evidence: { permissions: [] } }],
    ["no evidence", { ...usual, evidence: undefined }],
    ["a suppression", { ...usual, suppression: { reason: "accepted", expires: "2027-01-01" } } as Finding],
    ["a lifecycle", { ...usual, lifecycle: { stale: { reason: "not read" } } }],
    ["a field findings do not have", { ...usual, extra: 1 } as unknown as Finding],
    ["another resource type", { ...usual, resource: { ...resource, type: "AWS::EC2::Instance" } } as unknown as Finding],
    ["another resource id", { ...usual, resource: { ...resource, id: "sg-0def" } } as unknown as Finding],
    ["another region", { ...usual, resource: { ...resource, region: "eu-west-1" } } as unknown as Finding],
    ["another account", { ...usual, resource: { ...resource, accountId: "444455556666" } } as unknown as Finding],
    ["another arn", { ...usual, resource: { ...resource, arn: "arn:aws:ec2:us-east-1:111122223333:security-group/sg-0def" } } as unknown as Finding],
    ["another name", { ...usual, resource: { ...resource, name: "api" } } as unknown as Finding],
    ["a tag it has only by inheritance", { ...usual, resource: { ...resource, tags: Object.create({ env: "prod" }) } } as unknown as Finding],
    ["evidence it has only by inheritance", Object.assign(Object.create({ evidence: usual.evidence }), Object.fromEntries(Object.entries(usual).filter(([key]) => key !== "evidence"))) as Finding],
    ["no resource", { ...usual, resource: null } as unknown as Finding],
    ["a resource that is a number", { ...usual, resource: 5 } as unknown as Finding],
    ["a resource that is another number", { ...usual, resource: 6 } as unknown as Finding],
    ["a reason that is not a number", { ...usual, reason: NaN } as unknown as Finding],
    ["a reason of null", { ...usual, reason: null } as unknown as Finding],
    ["no name", { ...usual, resource: { ...resource, name: undefined } } as unknown as Finding],
    ["other tags", { ...usual, resource: { ...resource, tags: { env: "dev" } } } as unknown as Finding],
    ["one more tag", { ...usual, resource: { ...resource, tags: { env: "prod", team: "web" } } } as unknown as Finding],
    ["a tag the other has not", { ...usual, resource: { ...resource, tags: { team: "prod" } } } as unknown as Finding],
    ["no tags", { ...usual, resource: { ...resource, tags: {} } } as unknown as Finding],
    ["a tag of no value", { ...usual, resource: { ...resource, tags: { env: "prod", gone: undefined } } } as unknown as Finding],
    ["tags that are a number", { ...usual, resource: { ...resource, tags: 5 } } as unknown as Finding],
    ["tags that are another number", { ...usual, resource: { ...resource, tags: 6 } } as unknown as Finding],
    ["a numeric tag", { ...usual, resource: { ...resource, tags: { env: 1 } } } as unknown as Finding],
    ["a resource field resources do not have", { ...usual, resource: { ...resource, extra: "x" } } as unknown as Finding],
    ["a reason that is not text", { ...usual, reason: 1 } as unknown as Finding],
  ];
  const all: [string, Finding][] = [["the usual finding", usual], ...variants];
  it.each(all)("%s, against each of the others: as findingHash says", (_, a) => {
    const disagreeing = all.filter(([, b]) => sameFinding(a, b) !== (findingHash(a) === findingHash(b)) || sameFinding(b, a) !== (findingHash(a) === findingHash(b))).map(([name]) => name);
    expect(disagreeing).toEqual([]);
  });

  it("compares the findings' resources alone as their canonical JSON does", () => {
    const resources = all.map(([name, finding]) => [name, finding.resource] as const).filter(([, r]) => typeof r === "object" && r !== null);
    const disagreeing = resources.flatMap(([a, x]) => resources.filter(([, y]) => sameFindingResource(x, y) !== (canonicalJson(x) === canonicalJson(y))).map(([b]) => `${a} / ${b}`));
    expect(disagreeing).toEqual([]);
    expect(resources.filter(([, r]) => !sameFindingResource(usual.resource, r)).length).toBeGreaterThan(8);
  });

  it("tells a changed finding from the stored one (not only agrees where both are equal)", () => {
    const changed = variants.filter(([, v]) => !sameFinding(usual, v)).map(([name]) => name);
    expect(changed).toHaveLength(variants.length - 3);
    expect(variants.filter(([, v]) => sameFinding(usual, v)).map(([name]) => name)).toEqual(["the same, parsed again", "another lastSeen", "a tag of no value"]);
  });
});

describe("sameConfiguration", () => {
  it("agrees with comparing resourceHash, and hands a known hash to the same configuration read again", () => {
    const stored = sg({ id: "sg-1", name: "web", ingress: [tcp(443, "0.0.0.0/0")] });
    const kept = "0".repeat(64);
    rememberResourceHash(stored, kept);
    const again = { ...sg({ id: "sg-1", name: "web", ingress: [tcp(443, "0.0.0.0/0")] }), state: { attachmentCount: 9 } };
    expect(sameConfiguration(stored, again)).toBe(true);
    // Not hashed: the stored record's hash is taken.
    expect(resourceHash(again)).toBe(kept);
    const changed = sg({ id: "sg-1", name: "web", ingress: [tcp(22, "0.0.0.0/0")] });
    expect(sameConfiguration(stored, changed)).toBe(false);
    expect(resourceHash(changed)).not.toBe(kept);
    const fresh = [sg({ id: "sg-2", ingress: [] }), sg({ id: "sg-2", ingress: [] })];
    expect(sameConfiguration(fresh[0]!, fresh[1]!)).toBe(resourceHash(fresh[0]!) === resourceHash(fresh[1]!));
  });
});

