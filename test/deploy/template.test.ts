/**
 * Packages the service with osls exactly as `serverless deploy` would (no
 * credentials, no network) and checks the CloudFormation template it makes.
 */
import { beforeAll, describe, expect, it } from "@jest/globals";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { readActions } from "../../src/deploy/iam-policy.js";
import { TABLE_DEFINITION, TABLE_PERMISSIONS } from "../../src/publish/store/table.js";

const run = promisify(execFile);
let template: { Resources: Record<string, { Type: string; Properties: any; Condition?: string }> };
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "driftwarden-package-"));
  const env = { ...process.env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off", AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_PROFILE: "" };
  await run("node_modules/.bin/serverless", ["package", "--package", out, "--param=alertEmail=ops@example.com"], { env, timeout: 120_000 });
  template = JSON.parse(await readFile(join(out, "cloudformation-template-update-stack.json"), "utf8"));
}, 150_000);

const ofType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);

describe("the packaged CloudFormation template", () => {
  it("runs the audit on the nightly schedule, with a destination for failed async invocations", () => {
    const [[, rule]] = ofType("AWS::Events::Rule") as [string, any][];
    expect(rule.Properties.ScheduleExpression).toBe("cron(0 2 * * ? *)");
    const [[, config]] = ofType("AWS::Lambda::EventInvokeConfig") as [string, any][];
    expect(config.Properties.MaximumRetryAttempts).toBe(2);
    expect(config.Properties.DestinationConfig.OnFailure.Destination).toEqual({ "Fn::GetAtt": ["FailedAuditsQueue", "Arn"] });
    const [[, fn]] = ofType("AWS::Lambda::Function") as [string, any][];
    expect(fn.Properties).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"], Timeout: 900 });
    expect(ofType("AWS::Logs::LogGroup")[0]![1].Properties.RetentionInDays).toBe(30);
  });

  it("creates the findings table with the store's key schema, index and TTL, on demand, with PITR and SSE", () => {
    const table = template.Resources.FindingsTable!.Properties;
    expect(table.KeySchema).toEqual(TABLE_DEFINITION.KeySchema);
    expect(table.AttributeDefinitions).toEqual(TABLE_DEFINITION.AttributeDefinitions);
    expect(table.GlobalSecondaryIndexes).toEqual(TABLE_DEFINITION.GlobalSecondaryIndexes);
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: "expiresAt", Enabled: true });
    expect(table.BillingMode).toBe("PAY_PER_REQUEST");
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.SSESpecification).toEqual({ SSEEnabled: true });
  });

  it("encrypts the alerts topic with the AWS-managed key and subscribes the alert email", () => {
    expect(template.Resources.AlertsTopic!.Properties.KmsMasterKeyId).toBe("alias/aws/sns");
    const subscription = template.Resources.AlertsEmailSubscription!;
    expect(subscription.Properties).toMatchObject({ Protocol: "email", Endpoint: "ops@example.com", TopicArn: { Ref: "AlertsTopic" } });
  });

  it("grants exactly the collectors' read calls, and writes only to its own table and topic", () => {
    const role = ofType("AWS::IAM::Role")[0]![1];
    const statements: { Action: string[]; Resource: unknown }[] = role.Properties.Policies[0].PolicyDocument.Statement;
    const reads = statements.find((s) => s.Action.includes("ec2:DescribeSecurityGroups"))!;
    expect(reads.Action).toEqual(readActions());
    expect(reads.Action.every((a) => /^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]+$/.test(a))).toBe(true);
    const writes = statements.filter((s) => s !== reads);
    // Scoped to ARNs of the stack's own resources (the table's indexes are "<table arn>/index/*").
    for (const statement of writes) expect([statement.Resource].flat()).not.toContain("*");
    expect(writes.find((s) => s.Action.includes("sns:Publish"))!.Resource).toEqual({ Ref: "AlertsTopic" });
    const table = writes.find((s) => s.Action.includes("dynamodb:BatchWriteItem"))!;
    expect(table.Action).toEqual([...TABLE_PERMISSIONS]);
    expect(JSON.stringify(table.Resource)).toContain("FindingsTable");
  });

  it("bundles the audit function small, without the runtime's AWS SDK", async () => {
    const size = (await stat(join(out, "audit.zip"))).size;
    process.stdout.write(`audit.zip: ${(size / 1024).toFixed(0)} KiB\n`);
    expect(size).toBeLessThan(1024 * 1024);
  });
});
