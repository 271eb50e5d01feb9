import { describe, expect, it } from "@jest/globals";
import { canonicalJson, findingHash, rememberResourceHash, resourceHash, sameCanonical, sameConfiguration, sameFinding } from "../../src/types/canonical.js";
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

