/**
 * Findings in the AWS Security Finding Format, for BatchImportFindings.
 *
 * Conventions followed (Security Hub user guide, "AWS Security Finding Format"
 * and "BatchImportFindings for finding providers"):
 * - Id and ProductArn identify a finding; the same Id updates it in place, so
 *   Id is derived only from the finding's identity, never from the run.
 * - Severity and Types can be set only when a finding is created; later
 *   imports change them through FindingProviderFields, so both are sent.
 * - Workflow.Status is the customer's after creation: a provider sets it once.
 *   Security Hub itself moves RESOLVED back to NEW when Compliance.Status
 *   leaves PASSED, as it does for its own controls.
 * - A passing check stays ACTIVE with Compliance PASSED and Severity
 *   INFORMATIONAL; a finding whose resource is gone is ARCHIVED.
 */
import type {
  AwsSecurityFinding,
  ComplianceStatus,
  RecordState,
  Resource as AsffResource,
  SeverityLabel,
  WorkflowStatus,
} from "@aws-sdk/client-securityhub";
import type { Transition } from "../../diff/types.js";
import type { Rule } from "../../evaluate/rule.js";
import type { ChangeCause } from "../../types/cause.js";
import type { Finding, FindingStatus, Severity } from "../../types/finding.js";
import type { ResourceType } from "../../types/resource.js";
import type { AuditReport } from "./audit-report.js";
import { accountNames } from "./organization-report.js";
import { causeLine } from "./presentation.js";
import type { RuleInfo } from "./rule-catalog.js";
import { RuleCatalog } from "./rule-catalog.js";

export const ASFF_SCHEMA_VERSION = "2018-10-08";
const ASFF_FINDING_TYPE = "Software and Configuration Checks/AWS Security Best Practices";
const ID_PREFIX = "driftwarden";

export interface AsffOptions {
  /** Rule metadata for Title and Remediation; without it the rule id stands in for the title. */
  rules?: readonly Rule[];
  /** Defaults to the account's default product in the region of each finding's resource. */
  productArn?: string;
  /** Prefix of GeneratorId, "driftwarden" unless set (e.g. to tell two deployments apart). */
  generatorPrefix?: string;
}

// Security Hub's limits on the fields driftwarden fills (AwsSecurityFinding API reference).
const LIMITS = { title: 256, description: 1024, recommendation: 512, productFieldValue: 2048, tags: 50, tagKey: 128, tagValue: 256, resourceId: 512 };

const SEVERITY_LABEL: Record<Severity, SeverityLabel> = { critical: "CRITICAL", high: "HIGH", medium: "MEDIUM", low: "LOW", info: "INFORMATIONAL" };

/** Resource type names Security Hub knows (ResourceDetails); the rest are "Other". */
const RESOURCE_TYPE: Partial<Record<ResourceType, string>> = {
  "AWS::EC2::SecurityGroup": "AwsEc2SecurityGroup",
  "AWS::EC2::Instance": "AwsEc2Instance",
  "AWS::EC2::Volume": "AwsEc2Volume",
  "AWS::EC2::VPC": "AwsEc2Vpc",
  "AWS::EC2::Subnet": "AwsEc2Subnet",
  "AWS::EC2::EIP": "AwsEc2Eip",
  "AWS::RDS::DBInstance": "AwsRdsDbInstance",
  "AWS::RDS::DBCluster": "AwsRdsDbCluster",
  "AWS::AutoScaling::AutoScalingGroup": "AwsAutoScalingAutoScalingGroup",
  "AWS::ElasticLoadBalancingV2::LoadBalancer": "AwsElbv2LoadBalancer",
  "AWS::ElasticLoadBalancing::LoadBalancer": "AwsElbLoadBalancer",
  "AWS::CloudFront::Distribution": "AwsCloudFrontDistribution",
  "AWS::Route53::HostedZone": "AwsRoute53HostedZone",
};

interface StatusMapping {
  compliance: ComplianceStatus;
  workflow: WorkflowStatus;
  record: RecordState;
  /** Passing and not-applicable checks report no risk, as Security Hub's own controls do. */
  informational: boolean;
}

const STATUS: Record<FindingStatus, StatusMapping> = {
  FAIL: { compliance: "FAILED", workflow: "NEW", record: "ACTIVE", informational: false },
  // Still failing; the suppression is the reviewed decision that no action is needed.
  SUPPRESSED: { compliance: "FAILED", workflow: "SUPPRESSED", record: "ACTIVE", informational: false },
  PASS: { compliance: "PASSED", workflow: "RESOLVED", record: "ACTIVE", informational: true },
  // "Check could not be performed due to … API error" is NOT_AVAILABLE.
  ERROR: { compliance: "NOT_AVAILABLE", workflow: "NEW", record: "ACTIVE", informational: false },
  // Security Hub reports a not-applicable Config evaluation as NOT_AVAILABLE and archives it.
  NOT_APPLICABLE: { compliance: "NOT_AVAILABLE", workflow: "RESOLVED", record: "ARCHIVED", informational: true },
};

export function asffId(findingId: string): string {
  return `${ID_PREFIX}/${findingId}`;
}

export function defaultProductArn(region: string, accountId: string): string {
  return `arn:aws:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/**
 * Every finding of the report, plus one per RESOLVED transition whose
 * resource is gone (Compliance PASSED, archived by the exporter through
 * `goneFindingIds`), so Security Hub stops showing it as failing.
 */
export function toAsff(report: AuditReport, options: AsffOptions = {}): AwsSecurityFinding[] {
  const catalog = new RuleCatalog(options.rules ?? []);
  const current = new Set(report.findings.map((f) => f.id));
  const gone = (report.transitions ?? []).filter((t) => t.kind === "RESOLVED" && !current.has(t.findingId));
  // Only NEW, REGRESSED and RESOLVED transitions carry one: the change of this run that made the finding what it is.
  const causes = new Map((report.transitions ?? []).flatMap((t) => (t.cause ? [[t.findingId, t.cause] as const] : [])));
  const names = accountNames(report);
  const asff = (f: Finding, rule: RuleInfo, cause: ChangeCause | undefined) => fromFinding(f, rule, report, options, { cause, accountName: names.get(f.resource.accountId) });
  return [
    ...report.findings.map((f) => asff(f, catalog.of(f), causes.get(f.id))),
    ...gone.map((t) => asff(resolvedFinding(t, report), catalog.get(t.ruleId, t.severity), t.cause)),
  ];
}

/** ASFF ids of findings resolved because their resource no longer exists: the ones to archive. */
export function goneFindingIds(report: AuditReport): string[] {
  const current = new Set(report.findings.map((f) => f.id));
  return (report.transitions ?? []).filter((t) => t.kind === "RESOLVED" && !current.has(t.findingId)).map((t) => asffId(t.findingId));
}

function resolvedFinding(t: Transition, report: AuditReport): Finding {
  return {
    id: t.findingId,
    ruleId: t.ruleId,
    status: "PASS",
    severity: t.severity,
    // An organization run's transition carries its account; the run's own is the caller's.
    resource: { ...t.resource, accountId: t.resource.accountId ?? report.run.accountId, tags: {} },
    reason: t.reason || "the resource no longer exists",
  };
}

/** `about.cause`: the change that made the finding what it is; `about.accountName`: its account's name in Organizations. */
function fromFinding(f: Finding, rule: RuleInfo, report: AuditReport, options: AsffOptions, about: { cause: ChangeCause | undefined; accountName: string | undefined }): AwsSecurityFinding {
  const status = STATUS[f.status];
  const severity: SeverityLabel = status.informational ? "INFORMATIONAL" : SEVERITY_LABEL[f.severity];
  const accountId = f.resource.accountId || report.run.accountId;
  const created = f.firstSeen ?? report.run.startedAt;
  const generator = `${options.generatorPrefix ?? ID_PREFIX}/${f.ruleId}`;
  const remediation = rule.remediation && clip(rule.remediation, LIMITS.recommendation);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffId(f.id),
    ProductArn: options.productArn ?? defaultProductArn(f.resource.region, accountId),
    GeneratorId: generator,
    AwsAccountId: accountId,
    Types: [ASFF_FINDING_TYPE],
    FirstObservedAt: created,
    LastObservedAt: f.lastSeen ?? report.run.startedAt,
    CreatedAt: created,
    // Security Hub ignores an import whose UpdatedAt is older than the stored one; each run's end is later than the last.
    UpdatedAt: report.run.finishedAt,
    Severity: { Label: severity, Original: f.severity },
    FindingProviderFields: { Severity: { Label: severity, Original: f.severity }, Types: [ASFF_FINDING_TYPE] },
    Title: clip(rule.title, LIMITS.title),
    Description: clip(descriptionOf(f), LIMITS.description),
    ...(remediation && { Remediation: { Recommendation: { Text: remediation } } }),
    ProductFields: productFields(f, rule, generator, about),
    Resources: [resourceOf(f)],
    // The comparable FSBP control goes in ProductFields: SecurityControlId belongs to Security Hub's own control findings.
    Compliance: { Status: status.compliance },
    Workflow: { Status: status.workflow },
    RecordState: status.record,
  };
}

function descriptionOf(f: Finding): string {
  if (f.status !== "SUPPRESSED" || !f.suppression) return f.reason || "no reason given";
  return `${f.reason} (suppressed: ${f.suppression.reason}${f.suppression.expires ? `, until ${f.suppression.expires}` : ""})`;
}

function productFields(f: Finding, rule: RuleInfo, generator: string, { cause, accountName }: { cause: ChangeCause | undefined; accountName: string | undefined }): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    "driftwarden/ruleId": f.ruleId,
    "driftwarden/status": f.status,
    "driftwarden/severity": f.severity,
    "driftwarden/service": rule.service,
    "driftwarden/resourceType": f.resource.type,
    "driftwarden/generatorId": generator,
    "driftwarden/awsConfigRule": rule.references.awsConfig,
    "driftwarden/securityHubControl": rule.references.securityHub,
    "driftwarden/suppressionOwner": f.suppression?.owner,
    "driftwarden/suppressionExpires": f.suppression?.expires,
    "driftwarden/evidence": f.evidence && JSON.stringify(f.evidence),
    // Who made the change that made this finding new, regressed or resolved in this run.
    "driftwarden/changedBy": cause && causeLine(cause),
    "driftwarden/changedByArn": cause?.actor.principalArn,
    "driftwarden/cloudTrailEventId": cause?.eventId,
    "driftwarden/accountName": accountName,
  };
  return Object.fromEntries(
    Object.entries(fields)
      .filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")
      .map(([k, v]) => [k, clip(v, LIMITS.productFieldValue)]),
  );
}

function resourceOf(f: Finding): AsffResource {
  const partition = f.resource.arn?.split(":")[1];
  return {
    Type: RESOURCE_TYPE[f.resource.type] ?? "Other",
    Id: clip(f.resource.arn ?? f.resource.id, LIMITS.resourceId),
    ...(partition === "aws" || partition === "aws-cn" || partition === "aws-us-gov" ? { Partition: partition } : {}),
    Region: f.resource.region,
    ...(Object.keys(f.resource.tags).length > 0 && { Tags: tagsOf(f.resource.tags) }),
  };
}

/** At most 50 tags, keys and values cut to Security Hub's lengths; extra tags are dropped in key order. */
function tagsOf(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(tags)
      .sort()
      .slice(0, LIMITS.tags)
      .map((k) => [clip(k, LIMITS.tagKey), clip(tags[k] ?? "", LIMITS.tagValue)]),
  );
}

/** Cuts text to Security Hub's length limit, saying so with "…". */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never leave half of a surrogate pair before the ellipsis.
  return `${text.slice(0, max - 1).replace(/[\ud800-\udbff]$/, "")}…`;
}
