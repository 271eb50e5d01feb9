/**
 * The read-only role a driftwarden deployment in an audit account assumes in
 * each member account of an AWS Organization, as a CloudFormation template to
 * deploy with a StackSet. Its policy is the collectors' read actions and attribution's (readActions), the same
 * ones the function's role and the CLI user's policy get. Given the auditor's
 * event bus, the same stack forwards its region's write events there (event-forwarding.ts).
 */
import { stringify } from "yaml";
import type { CollectorSpec } from "../collect/collector.js";
import { allCollectors } from "../collect/index.js";
import { AUDITOR_EVENT_BUS_PARAMETER, auditorEventBusParameter, FORWARDS_ELSEWHERE, forwardingResources, type ForwardingResources } from "./event-forwarding.js";
import { readActions, type PolicyDocument } from "./iam-policy.js";

export const MEMBER_ROLE_DEFAULT_NAME = "driftwarden-audit";

/**
 * Role chaining (the function's role session assuming this role) caps a
 * session at one hour whatever the role allows, and AssumeRole with a longer
 * DurationSeconds fails; a longer maximum here would only serve people
 * assuming the role by hand.
 */
export const MEMBER_ROLE_SESSION_SECONDS = 3600;

/** The forwarding rules and their role exist only when the stack is given the auditor's event bus, in another region or account. */
export const FORWARDS_EVENTS_CONDITION = "ForwardsEvents";

export interface MemberRoleTemplate {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Parameters: Record<string, Record<string, unknown>>;
  Conditions: Record<string, unknown>;
  /** The role, and the forwarding rules and their role (under the ForwardsEvents condition). */
  Resources: { AuditRole: AuditRoleResource; [logicalId: string]: AuditRoleResource | ForwardingResources[string] };
  Outputs: Record<string, { Description: string; Value: unknown }>;
}

export interface AuditRoleResource {
  Type: "AWS::IAM::Role";
  Properties: MemberRoleProperties;
}

export interface MemberRoleProperties {
  RoleName: { Ref: "RoleName" };
  Description: string;
  MaxSessionDuration: number;
  AssumeRolePolicyDocument: {
    Version: "2012-10-17";
    Statement: { Effect: "Allow"; Principal: { AWS: { Ref: "AuditorRoleArns" } }; Action: "sts:AssumeRole"; Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } } }[];
  };
  Policies: { PolicyName: string; PolicyDocument: PolicyDocument }[];
}

export function memberRoleTemplate(collectors: readonly CollectorSpec[] = allCollectors): MemberRoleTemplate {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "driftwarden member role: read-only access for a driftwarden audit account to audit this account",
    Parameters: {
      RoleName: {
        Type: "String",
        Default: MEMBER_ROLE_DEFAULT_NAME,
        Description: "The role's name: the same in every member account, so the auditor can build its ARN from the account id",
        // IAM's role name constraint.
        AllowedPattern: "[\\w+=,.@-]+",
        MinLength: 1,
        MaxLength: 64,
      },
      AuditorRoleArns: {
        Type: "CommaDelimitedList",
        Description: "ARNs of the driftwarden function roles in the audit account allowed to assume this role (the roles must exist: IAM rejects a trust policy naming a role it cannot find)",
        // Applied to each element: a role ARN, never "*" or a whole account.
        AllowedPattern: "arn:aws[\\w-]*:iam::\\d{12}:role/[\\w+=,.@/-]+",
        ConstraintDescription: "a comma-separated list of IAM role ARNs",
      },
      ExternalId: {
        Type: "String",
        NoEcho: true,
        Description: "The external id the auditor sends with AssumeRole",
        // STS's documented constraint on AssumeRole's ExternalId.
        MinLength: 2,
        MaxLength: 1224,
        AllowedPattern: "[\\w+=,.@:\\/-]*",
        ConstraintDescription: "2 to 1224 characters: letters, digits and _+=,.@:/-",
      },
      [AUDITOR_EVENT_BUS_PARAMETER]: auditorEventBusParameter(true),
    },
    Conditions: { [FORWARDS_EVENTS_CONDITION]: { "Fn::And": [{ "Fn::Not": [{ "Fn::Equals": [{ Ref: AUDITOR_EVENT_BUS_PARAMETER }, ""] }] }, FORWARDS_ELSEWHERE] } },
    Resources: {
      AuditRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: { Ref: "RoleName" },
          Description: "driftwarden: read-only audit of this account from the audit account",
          MaxSessionDuration: MEMBER_ROLE_SESSION_SECONDS,
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { AWS: { Ref: "AuditorRoleArns" } },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
              },
            ],
          },
          // Resource "*": these Describe, List, Get and Lookup calls take no resource-level scoping (see iamStatements).
          Policies: [{ PolicyName: "driftwarden-read", PolicyDocument: { Version: "2012-10-17", Statement: [{ Sid: "DriftwardenRead", Effect: "Allow", Action: readActions(collectors), Resource: "*" }] } }],
        },
      },
      ...forwardingResources({ rules: FORWARDS_EVENTS_CONDITION, role: FORWARDS_EVENTS_CONDITION }),
    },
    Outputs: {
      AuditRoleArn: { Description: "The role the audit account assumes here", Value: { "Fn::GetAtt": ["AuditRole", "Arn"] } },
    },
  };
}

/**
 * The template as YAML, with long-form intrinsics (`Ref:`, `Fn::GetAtt:`) that any YAML parser reads.
 * Written for YAML 1.1 readers, as CloudFormation's is: "2012-10-17" stays a quoted string, not a date;
 * a value used twice (the forwarding rules' bus) is written out twice, not as an anchor and aliases.
 */
export function memberRoleYaml(collectors: readonly CollectorSpec[] = allCollectors): string {
  return stringify(memberRoleTemplate(collectors), { lineWidth: 0, version: "1.1", aliasDuplicateObjects: false });
}
