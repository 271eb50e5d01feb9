/**
 * A rule that trips over a shape it did not expect costs only its verdict on
 * that resource: an ERROR saying why, the rule's other resources and the other
 * rules judged as always.
 */
import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import { evaluateSnapshot, withDefaults } from "../../src/evaluate/evaluate.js";
import type { Rule } from "../../src/evaluate/rule.js";
import { fail, pass } from "../../src/evaluate/rule.js";
import { UnreadableAttributeError } from "../../src/evaluate/unreadable.js";
import type { SecurityGroupAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord, Snapshot } from "../../src/types/resource.js";
import { ACCOUNT, REGION, sg, tcp } from "../support/builders.js";

const rule = (id: string, evaluate: Rule["evaluate"]): Rule => ({
  id,
  title: id,
  service: "ec2",
  severity: "high",
  resourceTypes: ["AWS::EC2::SecurityGroup"],
  rationale: "",
  remediation: "",
  references: {},
  params: z.object({}),
  evaluate,
});

// Reads the first ingress rule's ranges: a group whose ingress is missing (a shape the collector never makes) throws.
const firstRangeOpen = rule("test-first-range", (resource) =>
  (resource as ResourceRecord<SecurityGroupAttributes>).attributes.ingress[0]!.cidr === "0.0.0.0/0" ? fail("open to the world") : pass("not open"),
);
const alwaysPasses = rule("test-always-passes", () => pass("fine"));

const open = sg({ id: "sg-0a000000000000001", ingress: [tcp(22, "0.0.0.0/0")] });
const broken = { ...sg({ id: "sg-0a000000000000002" }), attributes: { ...sg().attributes, ingress: undefined } } as unknown as ResourceRecord<SecurityGroupAttributes>;
const snapshot = { schemaVersion: 1, accountId: ACCOUNT, regions: [REGION], takenAt: "2026-11-02T02:00:00.000Z", resources: [open, broken], errors: [] } as unknown as Snapshot;

describe("a rule that throws", () => {
  it("is an ERROR for that resource alone, saying the rule failed and why", () => {
    const findings = evaluateSnapshot(snapshot, withDefaults([firstRangeOpen, alwaysPasses]));
    const verdict = (ruleId: string, id: string) => findings.find((f) => f.ruleId === ruleId && f.resource.id === id);
    expect(verdict("test-first-range", "sg-0a000000000000001")).toMatchObject({ status: "FAIL", reason: "open to the world" });
    const error = verdict("test-first-range", "sg-0a000000000000002")!;
    expect(error.status).toBe("ERROR");
    expect(error.reason).toMatch(/^rule failed: Cannot read properties of undefined/);
    expect(error.evidence).toBeUndefined();
    expect(verdict("test-always-passes", "sg-0a000000000000002")).toMatchObject({ status: "PASS", reason: "fine" });
    expect(findings).toHaveLength(4);
  });

  it("says only what could not be read when it is an attribute that could not be read", () => {
    const unreadable = rule("test-unreadable", () => {
      throw new UnreadableAttributeError("DescribeSecurityGroups answer (AccessDenied)");
    });
    const [finding] = evaluateSnapshot({ ...snapshot, resources: [open] } as unknown as Snapshot, withDefaults([unreadable]));
    expect(finding).toMatchObject({ status: "ERROR", reason: "could not evaluate: DescribeSecurityGroups answer (AccessDenied) missing" });
  });
});
