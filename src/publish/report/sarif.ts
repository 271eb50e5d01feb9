/**
 * SARIF 2.1.0 (OASIS), the format code-scanning dashboards ingest. A rule is
 * a reportingDescriptor; a failing (or suppressed) finding is a result whose
 * location is the AWS resource, named by its ARN.
 */
import type { TransitionKind } from "../../diff/types.js";
import type { Rule } from "../../evaluate/rule.js";
import type { Finding, Severity } from "../../types/finding.js";
import type { AuditReport } from "./audit-report.js";
import { accountNames, isOrganizationReport } from "./organization-report.js";
import type { RuleInfo } from "./rule-catalog.js";
import { RuleCatalog } from "./rule-catalog.js";

export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

export type SarifLevel = "error" | "warning" | "note" | "none";

interface Message {
  text: string;
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: Message;
  fullDescription?: Message;
  help?: Message;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; "security-severity"?: string; awsConfigRule?: string; securityHubControl?: string };
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string } };
  logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: "fail";
  level: SarifLevel;
  message: Message;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  baselineState?: "new" | "unchanged";
  suppressions?: { kind: "external"; status: "accepted"; justification: string; properties?: Record<string, string> }[];
  properties: Record<string, unknown>;
}

export interface SarifNotification {
  level: SarifLevel;
  message: Message;
  descriptor?: { id: string };
  associatedRule?: { id: string; index: number };
  locations?: SarifLocation[];
  properties?: Record<string, unknown>;
}

export interface SarifRun {
  tool: { driver: { name: string; version?: string; rules: SarifReportingDescriptor[] } };
  automationDetails: { id: string };
  invocations: { executionSuccessful: boolean; startTimeUtc: string; endTimeUtc: string; toolExecutionNotifications: SarifNotification[] }[];
  results: SarifResult[];
  properties: Record<string, unknown>;
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: SarifRun[];
}

/** critical and high block a merge; medium warns; low and info inform. */
const SARIF_LEVEL: Record<Severity, SarifLevel> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };

// GitHub code scanning ranks security results by this CVSS-like score (9.0+ critical, 7.0+ high, 4.0+ medium, above 0 low).
const SECURITY_SEVERITY: Partial<Record<Severity, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

const BASELINE: Partial<Record<TransitionKind, "new" | "unchanged">> = { NEW: "new", REGRESSED: "new", PERSISTING: "unchanged" };

/** Identifies a finding across runs, so dashboards track one alert rather than a new one each night. */
export const FINGERPRINT_KEY = "driftwardenFindingId/v1";

export function renderSarif(report: AuditReport, rules: readonly Rule[], options: { toolVersion?: string } = {}): SarifLog {
  const catalog = new RuleCatalog(rules);
  const descriptors = catalog.rules;
  // Findings of rules this build does not ship still need a descriptor for their ruleIndex.
  for (const f of report.findings) if (!descriptors.some((d) => d.id === f.ruleId)) descriptors.push(catalog.of(f));
  const indexOf = new Map(descriptors.map((d, i) => [d.id, i]));
  const names = accountNames(report);
  const baseline = new Map((report.transitions ?? []).map((t) => [t.findingId, BASELINE[t.kind]]));

  const results = report.findings
    .filter((f) => f.status === "FAIL" || f.status === "SUPPRESSED")
    .map((f): SarifResult => {
      const result: SarifResult = {
        ruleId: f.ruleId,
        ruleIndex: indexOf.get(f.ruleId)!,
        kind: "fail",
        level: SARIF_LEVEL[f.severity],
        message: { text: f.reason },
        locations: [locationOf(f.resource)],
        partialFingerprints: { [FINGERPRINT_KEY]: f.id },
        properties: findingProperties(f, names.get(f.resource.accountId)),
      };
      const state = baseline.get(f.id);
      if (state) result.baselineState = state;
      if (f.suppression) {
        const { owner, expires } = f.suppression;
        result.suppressions = [
          {
            kind: "external",
            status: "accepted",
            justification: f.suppression.reason,
            ...((owner || expires) && { properties: { ...(owner && { owner }), ...(expires && { expires }) } }),
          },
        ];
      }
      return result;
    });

  const notifications: SarifNotification[] = [
    ...report.errors.map((e): SarifNotification => ({
      level: "error",
      message: { text: `${e.service} could not be read in ${e.accountId ? `account ${e.accountId}, ` : ""}${e.region} (${e.operation}): ${e.code}: ${e.message}` },
      descriptor: { id: e.code },
      properties: { ...e },
    })),
    ...report.findings
      .filter((f) => f.status === "ERROR")
      .map((f): SarifNotification => ({
        level: "warning",
        message: { text: `${f.ruleId} could not evaluate ${f.resource.id}: ${f.reason}` },
        associatedRule: { id: f.ruleId, index: indexOf.get(f.ruleId)! },
        locations: [locationOf(f.resource)],
      })),
  ];

  const { run } = report;
  const organization = isOrganizationReport(report);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "driftwarden", ...(options.toolVersion && { version: options.toolVersion }), rules: descriptors.map(descriptorOf) } },
        // "category/instance": dashboards keep one category per account, and one per organization audited from an account.
        automationDetails: { id: `driftwarden/${organization ? "organization-" : ""}${run.accountId}/${run.id}` },
        invocations: [
          {
            executionSuccessful: run.status === "complete",
            startTimeUtc: run.startedAt,
            endTimeUtc: run.finishedAt,
            toolExecutionNotifications: notifications,
          },
        ],
        results,
        properties: {
          accountId: run.accountId,
          regions: run.regions,
          status: run.status,
          counts: run.counts,
          // An organization run: accountId is the account it was made from; each account's run, and those left out.
          ...(organization && { accounts: report.accounts, skippedAccounts: report.skippedAccounts ?? [] }),
        },
      },
    ],
  };
}

function descriptorOf(rule: RuleInfo): SarifReportingDescriptor {
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    ...(rule.rationale && { fullDescription: { text: rule.rationale } }),
    ...(rule.remediation && { help: { text: rule.remediation } }),
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: {
      tags: ["security", rule.service, rule.severity],
      ...(securitySeverity && { "security-severity": securitySeverity }),
      ...(rule.references.awsConfig && { awsConfigRule: rule.references.awsConfig }),
      ...(rule.references.securityHub && { securityHubControl: rule.references.securityHub }),
    },
  };
}

/** "ec2-ssh-restricted" → "Ec2SshRestricted": SARIF names are identifiers, ids stay as users know them. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/**
 * The resource as a URI: its ARN (a valid URI: scheme "arn"), or for a
 * resource without one `aws://<region>/<type>/<id>`.
 */
export function resourceUri(resource: Pick<Finding["resource"], "arn" | "region" | "type" | "id">): string {
  // encodeURI leaves "?" and "#" alone, which would end the path; names in ARNs may contain either.
  if (resource.arn) return encodeURI(resource.arn).replace(/[?#]/g, (c) => encodeURIComponent(c));
  return `aws://${encodeURIComponent(resource.region)}/${resource.type}/${encodeURIComponent(resource.id)}`;
}

function locationOf(resource: Finding["resource"]): SarifLocation {
  const uri = resourceUri(resource);
  return {
    physicalLocation: { artifactLocation: { uri } },
    logicalLocations: [{ name: resource.name || resource.id, fullyQualifiedName: uri, kind: "resource" }],
  };
}

/** `accountName`: the account's name in Organizations, when an organization run discovered it. */
function findingProperties(f: Finding, accountName: string | undefined): Record<string, unknown> {
  return {
    severity: f.severity,
    resourceType: f.resource.type,
    resourceId: f.resource.id,
    region: f.resource.region,
    accountId: f.resource.accountId,
    ...(accountName && { accountName }),
    // "tags" in a SARIF property bag is reserved for a list of strings.
    resourceTags: f.resource.tags,
    ...(f.evidence && { evidence: f.evidence }),
    ...(f.firstSeen && { firstSeen: f.firstSeen }),
    ...(f.lastSeen && { lastSeen: f.lastSeen }),
  };
}
