/**
 * The event forwarding template: committed as deploy/event-forwarding.yml,
 * generated from the event patterns, one rule per service sending the events
 * intact to the AuditorEventBusArn, with a role that may put events there and
 * nowhere else.
 */
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { EVENT_FORWARDING_FILE, eventForwardingFile } from "../../scripts/event-forwarding-file.js";
import { eventForwardingTemplate, type EventForwardingTemplate, type ForwardingRole, type ForwardingRule } from "../../src/deploy/event-forwarding.js";
import { eventPatterns } from "../../src/deploy/event-pattern.js";
import { runCli } from "../support/run-cli.js";

const committedText = readFileSync(EVENT_FORWARDING_FILE, "utf8");
const committed: EventForwardingTemplate = parse(committedText);
const resources = Object.entries(committed.Resources);
const rules = resources.filter(([, r]) => r.Type === "AWS::Events::Rule") as [string, ForwardingRule][];
const roles = resources.filter(([, r]) => r.Type === "AWS::IAM::Role") as [string, ForwardingRole][];
const bus = { Ref: "AuditorEventBusArn" };

/** CloudFormation matches AllowedPattern against the whole value. */
const accepted = (value: string) => new RegExp(`^(?:${committed.Parameters.AuditorEventBusArn!.AllowedPattern})$`).test(value);

describe("deploy/event-forwarding.yml", () => {
  it("is the template src/deploy/event-forwarding.ts generates (run `npm run docs` after changing EVENT_TARGETS)", () => {
    expect(committedText).toBe(eventForwardingFile());
    expect(committed).toEqual(eventForwardingTemplate());
    // No YAML anchors or aliases: each value is written where it is used.
    expect(committedText).not.toMatch(/[&*]a\d/);
  });

  it("takes one parameter, the auditor's event bus ARN, required and checked", () => {
    expect(Object.keys(committed.Parameters)).toEqual(["AuditorEventBusArn"]);
    expect(committed.Parameters.AuditorEventBusArn).toMatchObject({ Type: "String" });
    expect(committed.Parameters.AuditorEventBusArn).not.toHaveProperty("Default");
    expect(accepted("arn:aws:events:eu-west-1:111122223333:event-bus/default")).toBe(true);
    expect(accepted("arn:aws-us-gov:events:us-gov-west-1:111122223333:event-bus/default")).toBe(true);
    for (const notABus of ["", "*", "arn:aws:events:eu-west-1:111122223333:rule/forward", "arn:aws:sqs:eu-west-1:111122223333:q.fifo", "arn:aws:events:eu-west-1:*:event-bus/default"]) {
      expect({ notABus, accepted: accepted(notABus) }).toEqual({ notABus, accepted: false });
    }
  });

  it("has one rule per service on the default bus, with the auditor's patterns, sending the event intact to the bus through the role", () => {
    const patterns = eventPatterns();
    expect(rules.map(([id]) => id)).toEqual(patterns.map((p) => `Forward${p.name}EventsRule`));
    rules.forEach(([, rule], i) => {
      expect(rule.Condition).toBe("ForwardsElsewhere");
      expect(rule.Properties).toMatchObject({ EventBusName: "default", State: "ENABLED", EventPattern: patterns[i]!.pattern });
      // No Input, InputPath or InputTransformer: the auditor receives CloudTrail's event as its own bus would.
      expect(rule.Properties.Targets).toEqual([{ Id: "auditor-event-bus", Arn: bus, RoleArn: { "Fn::GetAtt": [roles[0]![0], "Arn"] } }]);
    });
    expect(resources).toHaveLength(rules.length + 1);
  });

  it("creates no rule where the auditor's bus is this stack's own (a loop), and still one resource, the role, so that the stack can be created", () => {
    expect(committed.Conditions).toEqual({
      ForwardsElsewhere: { "Fn::Not": [{ "Fn::Equals": [bus, { "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default" }] }] },
    });
    expect(roles[0]![1]).not.toHaveProperty("Condition");
  });

  it("gives the rules a role that EventBridge alone assumes and that may only put events on the auditor's bus", () => {
    expect(roles).toHaveLength(1);
    const [[, role]] = roles;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    expect(role.Properties.Policies.flatMap((p) => p.PolicyDocument.Statement)).toEqual([{ Effect: "Allow", Action: ["events:PutEvents"], Resource: bus }]);
    // Unnamed: one instance per region of an account, and IAM names are global.
    expect(role.Properties).not.toHaveProperty("RoleName");
  });
});

describe("driftwarden event-forwarding", () => {
  it("prints the event forwarding template as YAML", async () => {
    const { code, stdout, stderr } = await runCli("event-forwarding");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(parse(stdout)).toEqual(eventForwardingTemplate());
  });
});
