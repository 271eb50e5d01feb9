/**
 * Forwarding of the event path's CloudTrail events from another region or
 * account to the auditor's default event bus, as a CloudFormation template to
 * deploy with a StackSet: one rule per service with the auditor's patterns
 * (event-pattern.ts), and the role that lets them put events on that bus and
 * nowhere else. A StackSet may take in the auditor's own region and account:
 * there the rules are not created. The member role's template adds the same
 * resources behind a condition (member-role.ts).
 */
import { stringify } from "yaml";
import { eventPatterns, type EventPattern, type ServiceEventPattern } from "./event-pattern.js";
import type { PolicyDocument } from "./iam-policy.js";

export const AUDITOR_EVENT_BUS_PARAMETER = "AuditorEventBusArn";
export const FORWARDING_ROLE = "EventForwardingRole";

/** An event bus ARN, in any partition. */
export const EVENT_BUS_ARN_PATTERN = "arn:aws[\\w-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[\\w.\\-/]+";

const BUS_DESCRIPTION =
  "ARN of the default event bus of the driftwarden deployment (the stack's EventBusArn output): arn:aws:events:<its region>:<its account>:event-bus/default. In that region of that account the stack creates no rule";

/** This stack's own default bus: forwarding to it would send its events back to the bus they came from, again and again. */
const THIS_BUS = { "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default" };

/** True unless AuditorEventBusArn is the bus of this stack's region and account. */
export const FORWARDS_ELSEWHERE = { "Fn::Not": [{ "Fn::Equals": [{ Ref: AUDITOR_EVENT_BUS_PARAMETER }, THIS_BUS] }] };
export const FORWARDS_ELSEWHERE_CONDITION = "ForwardsElsewhere";

export type Ref = { Ref: string };

export interface ForwardingRule {
  Type: "AWS::Events::Rule";
  Condition?: string;
  Properties: {
    Description: string;
    EventBusName: "default";
    State: "ENABLED";
    EventPattern: EventPattern;
    Targets: { Id: string; Arn: Ref; RoleArn: { "Fn::GetAtt": [string, "Arn"] } }[];
  };
}

export interface ForwardingRole {
  Type: "AWS::IAM::Role";
  Condition?: string;
  Properties: {
    Description: string;
    AssumeRolePolicyDocument: {
      Version: "2012-10-17";
      Statement: { Effect: "Allow"; Principal: { Service: "events.amazonaws.com" }; Action: "sts:AssumeRole" }[];
    };
    Policies: { PolicyName: string; PolicyDocument: PolicyDocument }[];
  };
}

export type ForwardingResources = Record<string, ForwardingRule | ForwardingRole>;

export interface EventForwardingTemplate {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Parameters: Record<string, Record<string, unknown>>;
  Conditions: Record<string, unknown>;
  Resources: ForwardingResources;
}

export function forwardingRuleId(service: Pick<ServiceEventPattern, "name">): string {
  return `Forward${service.name}EventsRule`;
}

/** The AuditorEventBusArn parameter; `optional`: empty is allowed, and means no forwarding. */
export function auditorEventBusParameter(optional = false): Record<string, unknown> {
  return {
    Type: "String",
    ...(optional && { Default: "" }),
    Description: optional ? `${BUS_DESCRIPTION}. Empty: no forwarding` : BUS_DESCRIPTION,
    AllowedPattern: optional ? `(${EVENT_BUS_ARN_PATTERN})?` : EVENT_BUS_ARN_PATTERN,
    ConstraintDescription: optional ? "an event bus ARN, or empty" : "an event bus ARN",
  };
}

/**
 * The rules and their role, under the conditions given (none: always). The
 * rules' state ENABLED leaves out read-only management events (only
 * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS takes them); the target has no
 * input transformer, so the envelope arrives as CloudTrail's event, with this
 * account and region in it. The role is unnamed: a StackSet puts one instance
 * in each region of an account, and IAM names are global.
 */
export function forwardingResources(conditions: { rules?: string; role?: string } = {}, patterns: ServiceEventPattern[] = eventPatterns()): ForwardingResources {
  const under = (condition: string | undefined) => (condition ? { Condition: condition } : {});
  const bus: Ref = { Ref: AUDITOR_EVENT_BUS_PARAMETER };
  const role: ForwardingRole = {
    Type: "AWS::IAM::Role",
    ...under(conditions.role),
    Properties: {
      Description: "driftwarden: lets this account's event forwarding rules put their events on the auditor's event bus",
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        // Only a rule of this account can be given the role: targets take a role through iam:PassRole, which stays within an account.
        Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }],
      },
      Policies: [{ PolicyName: "driftwarden-forward-events", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["events:PutEvents"], Resource: bus }] } }],
    },
  };
  const rules = patterns.map((service): [string, ForwardingRule] => [
    forwardingRuleId(service),
    {
      Type: "AWS::Events::Rule",
      ...under(conditions.rules),
      Properties: {
        Description: `driftwarden: forwards ${service.eventSource} write calls to the auditor's event bus`,
        EventBusName: "default",
        State: "ENABLED",
        EventPattern: service.pattern,
        Targets: [{ Id: "auditor-event-bus", Arn: bus, RoleArn: { "Fn::GetAtt": [FORWARDING_ROLE, "Arn"] } }],
      },
    },
  ]);
  return { [FORWARDING_ROLE]: role, ...Object.fromEntries(rules) };
}

export function eventForwardingTemplate(patterns: ServiceEventPattern[] = eventPatterns()): EventForwardingTemplate {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "driftwarden event forwarding: sends this region's CloudTrail write events that driftwarden re-reads to the auditor's event bus",
    Parameters: { [AUDITOR_EVENT_BUS_PARAMETER]: auditorEventBusParameter() },
    Conditions: { [FORWARDS_ELSEWHERE_CONDITION]: FORWARDS_ELSEWHERE },
    // The role always: a stack whose every resource is conditional and false cannot be created.
    Resources: forwardingResources({ rules: FORWARDS_ELSEWHERE_CONDITION }, patterns),
  };
}

/** The template as YAML, written as member-role.ts writes its own: long-form intrinsics, YAML 1.1, no aliases. */
export function eventForwardingYaml(patterns: ServiceEventPattern[] = eventPatterns()): string {
  return stringify(eventForwardingTemplate(patterns), { lineWidth: 0, version: "1.1", aliasDuplicateObjects: false });
}
