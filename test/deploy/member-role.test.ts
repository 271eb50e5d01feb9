/**
 * The organization member role's template: committed as deploy/member-role.yml,
 * generated from the collectors' permissions, read-only, and assumable only by
 * the auditor's roles with the external id.
 */
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { ec2Collector } from "../../src/collect/ec2/collector.js";
import { allCollectors } from "../../src/collect/index.js";
import { ATTRIBUTION_PERMISSIONS } from "../../src/attribute/lookup.js";
import { forwardingResources } from "../../src/deploy/event-forwarding.js";
import { eventPatterns } from "../../src/deploy/event-pattern.js";
import { FORWARDS_EVENTS_CONDITION, memberRoleTemplate, type AuditRoleResource, type MemberRoleTemplate } from "../../src/deploy/member-role.js";
import { MEMBER_ROLE_FILE, memberRoleFile } from "../../scripts/member-role-file.js";

const committedText = readFileSync(MEMBER_ROLE_FILE, "utf8");
const committed: MemberRoleTemplate = parse(committedText);
const role = committed.Resources.AuditRole.Properties;
/** The resources every stack has: those without a condition. */
const unconditional = Object.entries(committed.Resources).filter(([, r]) => !("Condition" in r));
const granted = role.Policies.flatMap((p) => p.PolicyDocument.Statement.flatMap((s) => s.Action));

/** CloudFormation matches AllowedPattern against the whole value (each element, for a CommaDelimitedList). */
const matches = (parameter: string, value: string) => new RegExp(`^(?:${committed.Parameters[parameter]!.AllowedPattern})$`).test(value);

describe("deploy/member-role.yml", () => {
  it("is the template src/deploy/member-role.ts generates (run `npm run docs` after changing a collector)", () => {
    expect(committedText).toBe(memberRoleFile());
    expect(committed).toEqual(memberRoleTemplate());
  });

  it("grants every action each collector declares", () => {
    for (const collector of allCollectors) {
      const missing = collector.permissions.filter((action) => !granted.includes(action));
      expect({ collector: collector.service, missing }).toEqual({ collector: collector.service, missing: [] });
    }
  });

  it("grants attribution's reads (LookupEvents) and nothing else a collector does not declare, and only Describe, Get, List and Lookup calls, on Resource *", () => {
    const declared = new Set([...allCollectors.flatMap((c) => c.permissions), ...ATTRIBUTION_PERMISSIONS]);
    expect(granted.filter((action) => !declared.has(action))).toEqual([]);
    expect(granted).toEqual(expect.arrayContaining([...ATTRIBUTION_PERMISSIONS]));
    expect(granted.filter((action) => !/^[a-z0-9-]+:(Describe|Get|List|Lookup)[A-Za-z0-9]+$/.test(action))).toEqual([]);
    expect(new Set(granted).size).toBe(granted.length);
    expect(role.Policies).toHaveLength(1);
    expect(role.Policies[0]!.PolicyDocument.Statement).toEqual([{ Sid: "DriftwardenRead", Effect: "Allow", Action: granted, Resource: "*" }]);
  });

  it("follows the collectors: an action a collector starts declaring is granted", () => {
    const extended = { ...ec2Collector, permissions: [...ec2Collector.permissions, "ec2:DescribeImages"] };
    const template = memberRoleTemplate(allCollectors.map((c) => (c.service === ec2Collector.service ? extended : c)));
    expect(template.Resources.AuditRole.Properties.Policies[0]!.PolicyDocument.Statement[0]!.Action).toContain("ec2:DescribeImages");
    expect(granted).not.toContain("ec2:DescribeImages");
  });

  it("is one IAM role, named by the RoleName parameter, with a one-hour session cap, and outputs its ARN", () => {
    expect(committed.AWSTemplateFormatVersion).toBe("2010-09-09");
    expect(committed.Description).toMatch(/driftwarden/);
    expect(unconditional.map(([id, r]) => [id, r.Type])).toEqual([["AuditRole", "AWS::IAM::Role"]]);
    expect(role.RoleName).toEqual({ Ref: "RoleName" });
    expect(committed.Parameters.RoleName).toMatchObject({ Type: "String", Default: "driftwarden-audit" });
    // Role chaining from the function's role caps the session at an hour.
    expect(role.MaxSessionDuration).toBe(3600);
    expect(committed.Outputs.AuditRoleArn!.Value).toEqual({ "Fn::GetAtt": ["AuditRole", "Arn"] });
  });

  it("lets only the AuditorRoleArns assume it, with the ExternalId, and no wildcard principal", () => {
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { AWS: { Ref: "AuditorRoleArns" } },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
      },
    ]);
    expect(JSON.stringify(role.AssumeRolePolicyDocument)).not.toContain('"*"');
    expect(committed.Parameters.AuditorRoleArns).toMatchObject({ Type: "CommaDelimitedList" });
    // No default: a stack cannot be created without naming the auditor.
    expect(committed.Parameters.AuditorRoleArns).not.toHaveProperty("Default");
    expect(matches("AuditorRoleArns", "arn:aws:iam::111122223333:role/driftwarden-prod-eu-west-1-lambdaRole")).toBe(true);
    expect(matches("AuditorRoleArns", "arn:aws-us-gov:iam::111122223333:role/audit/driftwarden")).toBe(true);
    for (const notARole of ["*", "arn:aws:iam::111122223333:root", "111122223333", "arn:aws:iam::*:role/x", "arn:aws:iam::111122223333:user/alice"]) {
      expect({ notARole, accepted: matches("AuditorRoleArns", notARole) }).toEqual({ notARole, accepted: false });
    }
  });

  it("takes the ExternalId hidden, within STS's constraint: 2 to 1224 characters of [\\w+=,.@:/-]", () => {
    expect(committed.Parameters.ExternalId).toMatchObject({ Type: "String", NoEcho: true, MinLength: 2, MaxLength: 1224 });
    expect(committed.Parameters.ExternalId).not.toHaveProperty("Default");
    expect(matches("ExternalId", "Kq7+zR=x,y.z@org:ou/audit-1_2")).toBe(true);
    expect(matches("ExternalId", "with space")).toBe(false);
    expect(matches("ExternalId", "semi;colon")).toBe(false);
  });

  it("refers only to its own parameters and resources", () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if (key === "Ref") refs.push(value as string);
          else if (key === "Fn::GetAtt") refs.push((value as string[])[0]!);
          else walk(value);
        }
      }
    };
    walk(committed.Resources);
    walk(committed.Outputs);
    walk(committed.Conditions);
    const declared = [...Object.keys(committed.Parameters), ...Object.keys(committed.Resources)];
    expect(refs.filter((name) => !declared.includes(name))).toEqual([]);
    expect(new Set(refs)).toEqual(new Set(["RoleName", "AuditorRoleArns", "ExternalId", "AuditRole", "AuditorEventBusArn", "EventForwardingRole"]));
  });
});

describe("deploy/member-role.yml's event forwarding", () => {
  const forwarding = Object.entries(committed.Resources).filter(([id]) => id !== "AuditRole");

  it("forwards only when given the auditor's event bus in another region or account: every forwarding resource is under that condition", () => {
    expect(committed.Parameters.AuditorEventBusArn).toMatchObject({ Type: "String", Default: "" });
    expect(committed.Conditions).toEqual({
      [FORWARDS_EVENTS_CONDITION]: {
        "Fn::And": [
          { "Fn::Not": [{ "Fn::Equals": [{ Ref: "AuditorEventBusArn" }, ""] }] },
          { "Fn::Not": [{ "Fn::Equals": [{ Ref: "AuditorEventBusArn" }, { "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default" }] }] },
        ],
      },
    });
    expect(forwarding.length).toBe(eventPatterns().length + 1);
    for (const [id, resource] of forwarding) expect({ id, condition: "Condition" in resource ? resource.Condition : undefined }).toEqual({ id, condition: FORWARDS_EVENTS_CONDITION });
    // The audit role is the same with or without forwarding.
    expect((committed.Resources.AuditRole as AuditRoleResource & { Condition?: string }).Condition).toBeUndefined();
  });

  it("has the event forwarding template's rules and role, each under the condition", () => {
    expect(Object.fromEntries(forwarding)).toEqual(forwardingResources({ rules: FORWARDS_EVENTS_CONDITION, role: FORWARDS_EVENTS_CONDITION }));
    expect(Object.keys(forwardingResources())).toEqual(forwarding.map(([id]) => id));
  });

  it("takes an empty AuditorEventBusArn or an event bus's ARN, nothing else", () => {
    expect(matches("AuditorEventBusArn", "")).toBe(true);
    expect(matches("AuditorEventBusArn", "arn:aws:events:eu-west-1:111122223333:event-bus/default")).toBe(true);
    for (const notABus of ["*", "arn:aws:sqs:eu-west-1:111122223333:driftwarden-prod-events.fifo", "arn:aws:events:eu-west-1:111122223333:rule/forward", "default"]) {
      expect({ notABus, accepted: matches("AuditorEventBusArn", notABus) }).toEqual({ notABus, accepted: false });
    }
  });
});
