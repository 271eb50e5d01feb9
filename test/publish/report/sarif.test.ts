import { beforeAll, describe, expect, it } from "@jest/globals";
import type { ValidateFunction } from "ajv";
import { FINGERPRINT_KEY, SARIF_SCHEMA_URI, renderSarif, resourceUri } from "../../../src/publish/report/sarif.js";
import type { SarifLog } from "../../../src/publish/report/sarif.js";
import { sarifValidator } from "../../support/sarif-schema.js";
import { auditReport, cloudfrontDefaultRootObject, longNameSg, rdsMultiAz, rdsNotPublic, rules } from "./fixtures.js";

describe("renderSarif", () => {
  let validate: ValidateFunction;
  const report = auditReport();
  const log = renderSarif(report, rules, { toolVersion: "0.1.0" });
  const run = log.runs[0]!;

  beforeAll(() => {
    validate = sarifValidator();
  });

  it("validates against the SARIF 2.1.0 schema", () => {
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe("2.1.0");
  });

  it("is checked by a validator that rejects what the schema forbids", () => {
    const broken = structuredClone(log) as unknown as { runs: { results: { level: string }[] }[]; version?: string };
    broken.runs[0]!.results[0]!.level = "critical";
    expect(validate(broken)).toBe(false);
    delete broken.version;
    expect(validate(broken)).toBe(false);
  });

  it("describes every rule once, with title, rationale, remediation, tags and default level", () => {
    const descriptors = run.tool.driver.rules;
    expect(descriptors.map((d) => d.id)).toEqual(expect.arrayContaining(rules.map((r) => r.id)));
    expect(new Set(descriptors.map((d) => d.id)).size).toBe(descriptors.length);
    const rds = descriptors.find((d) => d.id === rdsNotPublic.id)!;
    expect(rds).toEqual({
      id: "rds-not-public",
      name: "RdsNotPublic",
      shortDescription: { text: rdsNotPublic.title },
      fullDescription: { text: rdsNotPublic.rationale },
      help: { text: rdsNotPublic.remediation },
      defaultConfiguration: { level: "error" },
      properties: { tags: ["security", "rds", "critical"], "security-severity": "9.5", awsConfigRule: "rds-instance-public-access-check", securityHubControl: "RDS.2" },
    });
    expect(descriptors.find((d) => d.id === cloudfrontDefaultRootObject.id)!.defaultConfiguration.level).toBe("note");
    expect(run.tool.driver).toMatchObject({ name: "driftwarden", version: "0.1.0" });
  });

  it("adds a descriptor for a finding whose rule is not among the given rules", () => {
    const orphan = { ...report.findings[0]!, ruleId: "s3-bucket-versioning", id: "f".repeat(32) };
    const sarif = renderSarif({ ...report, findings: [orphan] }, rules);
    const descriptors = sarif.runs[0]!.tool.driver.rules;
    const result = sarif.runs[0]!.results[0]!;
    expect(descriptors[result.ruleIndex]!.id).toBe("s3-bucket-versioning");
    expect(validate(sarif)).toBe(true);
  });

  it("reports FAIL and SUPPRESSED findings as results, pointing ruleIndex at their rule", () => {
    const expected = report.findings.filter((f) => f.status === "FAIL" || f.status === "SUPPRESSED");
    expect(run.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(expected.map((f) => f.id));
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it("maps severity to level: error for critical and high, warning for medium, note for low and info", () => {
    const levels = Object.fromEntries(
      (["critical", "high", "medium", "low", "info"] as const).map((severity) => {
        const finding = { ...report.findings[0]!, severity, status: "FAIL" as const };
        return [severity, renderSarif({ ...report, findings: [finding] }, rules).runs[0]!.results[0]!.level];
      }),
    );
    expect(levels).toEqual({ critical: "error", high: "error", medium: "warning", low: "note", info: "note" });
  });

  it("locates a result at its resource's ARN, as an artifact URI and a logical location", () => {
    const orders = report.findings.find((f) => f.ruleId === rdsMultiAz.id && f.status === "FAIL")!;
    const result = run.results.find((r) => r.partialFingerprints[FINGERPRINT_KEY] === orders.id)!;
    expect(result.message.text).toBe(orders.reason);
    expect(result.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: orders.resource.arn } },
        logicalLocations: [{ name: "orders-db", fullyQualifiedName: orders.resource.arn, kind: "resource" }],
      },
    ]);
  });

  it("builds aws://<region>/<type>/<id> for a resource without an ARN, and encodes what a URI cannot hold", () => {
    expect(resourceUri({ region: "us-east-1", type: "AWS::Route53::RecordSet", id: "Z0123456789ABC/www.example.com./A/primary" })).toBe(
      "aws://us-east-1/AWS::Route53::RecordSet/Z0123456789ABC%2Fwww.example.com.%2FA%2Fprimary",
    );
    expect(resourceUri({ arn: "arn:aws:ec2:us-east-1:123456789012:security-group/sg-1 #?", region: "us-east-1", type: "AWS::EC2::SecurityGroup", id: "sg-1" })).toBe(
      "arn:aws:ec2:us-east-1:123456789012:security-group/sg-1%20%23%3F",
    );
    const noArn = { ...report.findings[0]!, resource: { ...report.findings[0]!.resource, arn: undefined, id: "web sg?" } };
    const sarif = renderSarif({ ...report, findings: [noArn] }, rules);
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(`aws://us-east-1/${noArn.resource.type}/web%20sg%3F`);
    expect(validate(sarif)).toBe(true);
  });

  it("marks a suppressed finding with an external suppression and its justification", () => {
    const suppressed = run.results.find((r) => r.properties.resourceId === longNameSg.id)!;
    expect(suppressed.suppressions).toEqual([
      { kind: "external", status: "accepted", justification: "partner VPN range migration tracked in PAY-1432", properties: { owner: "platform-team", expires: "2026-12-31" } },
    ]);
    expect(run.results.filter((r) => r.suppressions)).toHaveLength(1);
  });

  it("sets baselineState from the transitions", () => {
    const byKind = (kind: string) => report.transitions!.find((t) => t.kind === kind)!.findingId;
    const state = (findingId: string) => run.results.find((r) => r.partialFingerprints[FINGERPRINT_KEY] === findingId)?.baselineState;
    expect(state(byKind("NEW"))).toBe("new");
    expect(state(byKind("REGRESSED"))).toBe("new");
    expect(state(byKind("PERSISTING"))).toBe("unchanged");
  });

  it("reports collection errors and unevaluated findings as notifications of an unsuccessful invocation", () => {
    const [invocation] = run.invocations;
    expect(invocation!.executionSuccessful).toBe(false);
    expect(invocation!.startTimeUtc).toBe(report.run.startedAt);
    const [collection, unevaluated] = invocation!.toolExecutionNotifications;
    expect(collection).toMatchObject({ level: "error", descriptor: { id: "AccessDenied" } });
    expect(collection!.message.text).toContain("rds could not be read in eu-west-1 (DescribeDBClusters)");
    expect(unevaluated).toMatchObject({ level: "warning", associatedRule: { id: rdsMultiAz.id } });
    expect(run.tool.driver.rules[unevaluated!.associatedRule!.index]!.id).toBe(rdsMultiAz.id);
    const complete = renderSarif(auditReport({ snapshot: { errors: [] } }), rules) as SarifLog;
    expect(complete.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });
});
