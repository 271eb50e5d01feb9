/**
 * Packages the service with osls exactly as `serverless deploy` would (no
 * credentials, no network) and checks the CloudFormation template it makes.
 * Packaging takes seconds, and two runs in one directory would share its
 * .esbuild/: one package with a config file, then one that must fail.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { allRules } from "../../rules/index.js";
import { parseConfig } from "../../src/config/config.js";
import { readActions } from "../../src/deploy/iam-policy.js";
import { ATTRIBUTION_PERMISSIONS } from "../../src/attribute/lookup.js";
import { allCollectors } from "../../src/collect/index.js";
import { auditEnvironment } from "../../src/lambda/environment.js";
import { TABLE_DEFINITION, TABLE_PERMISSIONS } from "../../src/publish/store/table.js";
import { unzip } from "../support/unzip.js";

const run = promisify(execFile);
let template: { Resources: Record<string, { Type: string; Properties: any; Condition?: string }> };
let out: string;
// Under the service directory: the package holds the config file at this same path.
const configDir = join("test-output", `deploy-${process.pid}`);
const configFile = join(configDir, "driftwarden.config.yaml");

const packageService = (outDir: string, ...params: string[]) => {
  const env = { ...process.env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off", AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_PROFILE: "" };
  return run("node_modules/.bin/serverless", ["package", "--package", outDir, ...params.map((p) => `--param=${p}`)], { env, timeout: 120_000 });
};

/** 40 suppressions with their reasons: about 8 KB, twice what a Lambda's environment may hold. */
function fortySuppressions(): string {
  const entry = (i: number) =>
    [
      `  - rule: ec2-ssh-restricted`,
      `    resource: sg-0a1b2c3d4e5f6${String(i).padStart(4, "0")}`,
      `    reason: contractor bastion ${i} until the VPN lands in the shared services account`,
      `    owner: platform-team`,
      `    expires: 2099-12-31`,
    ].join("\n");
  return `suppressions:\n${Array.from({ length: 40 }, (_, i) => entry(i)).join("\n")}\n`;
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "driftwarden-package-"));
  await mkdir(configDir, { recursive: true });
  await writeFile(configFile, fortySuppressions());
  await packageService(out, "alertEmail=ops@example.com", `configFile=${configFile}`);
  template = JSON.parse(await readFile(join(out, "cloudformation-template-update-stack.json"), "utf8"));
}, 150_000);

afterAll(() => rm(configDir, { recursive: true, force: true }));

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
    // One audit of the account at a time.
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(1);
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

  it("encrypts the alerts topic with its own rotated key, which CloudWatch alarms may use, and subscribes the alert email", () => {
    expect(template.Resources.AlertsTopic!.Properties.KmsMasterKeyId).toEqual({ Ref: "AlertsKey" });
    const key = template.Resources.AlertsKey!.Properties;
    expect(key.EnableKeyRotation).toBe(true);
    const cloudwatch = key.KeyPolicy.Statement.find((s: any) => s.Principal.Service === "cloudwatch.amazonaws.com");
    expect(cloudwatch.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    const subscription = template.Resources.AlertsEmailSubscription!;
    expect(subscription.Properties).toMatchObject({ Protocol: "email", Endpoint: "ops@example.com", TopicArn: { Ref: "AlertsTopic" } });
  });

  it("grants exactly the collectors' and attribution's read calls, and writes only to its own table and topic", () => {
    const role = ofType("AWS::IAM::Role")[0]![1];
    const statements: { Action: string[]; Resource: unknown }[] = role.Properties.Policies[0].PolicyDocument.Statement;
    const reads = statements.find((s) => s.Action.includes("ec2:DescribeSecurityGroups"))!;
    expect(reads.Action).toEqual(readActions());
    expect(reads.Action).toEqual([...new Set([...allCollectors.flatMap((c) => c.permissions), ...ATTRIBUTION_PERMISSIONS])].sort());
    expect(reads.Action).toContain("cloudtrail:LookupEvents");
    expect(reads.Action.every((a) => /^[a-z0-9-]+:(Describe|List|Get|Lookup)[A-Za-z]+$/.test(a))).toBe(true);
    const writes = statements.filter((s) => s !== reads);
    // Scoped to ARNs of the stack's own resources (the table's indexes are "<table arn>/index/*").
    for (const statement of writes) expect([statement.Resource].flat()).not.toContain("*");
    expect(writes.find((s) => s.Action.includes("sns:Publish"))!.Resource).toEqual({ Ref: "AlertsTopic" });
    expect(writes.find((s) => s.Action.includes("kms:GenerateDataKey*"))!.Resource).toEqual({ "Fn::GetAtt": ["AlertsKey", "Arn"] });
    const table = writes.find((s) => s.Action.includes("dynamodb:BatchWriteItem"))!;
    expect(table.Action).toEqual([...TABLE_PERMISSIONS]);
    expect(JSON.stringify(table.Resource)).toContain("FindingsTable");
  });

  it("alarms to the alerts topic on a failed invocation and on a failed audit in the queue", () => {
    const alarms = Object.fromEntries(ofType("AWS::CloudWatch::Alarm").map(([, a]) => [`${a.Properties.Namespace} ${a.Properties.MetricName}`, a.Properties]));
    expect(Object.keys(alarms).sort()).toEqual(["AWS/Lambda Errors", "AWS/SQS ApproximateNumberOfMessagesVisible"]);
    expect(alarms["AWS/Lambda Errors"].Dimensions).toEqual([{ Name: "FunctionName", Value: { Ref: "AuditLambdaFunction" } }]);
    expect(alarms["AWS/SQS ApproximateNumberOfMessagesVisible"].Dimensions).toEqual([{ Name: "QueueName", Value: { "Fn::GetAtt": ["FailedAuditsQueue", "QueueName"] } }]);
    for (const alarm of Object.values(alarms)) {
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching", AlarmActions: [{ Ref: "AlertsTopic" }] });
    }
  });

  it("bundles the audit function with the AWS SDK the tests ran, imported from nowhere else, in under 2 MiB", async () => {
    const zip = await readFile(join(out, "audit.zip"));
    process.stdout.write(`audit.zip: ${(zip.length / 1024).toFixed(0)} KiB\n`);
    expect(zip.length).toBeLessThan(2 * 1024 * 1024);
    const bundle = unzip(zip).get("functions/audit.mjs")!.toString("utf8");
    expect(bundle).not.toMatch(/from\s*"@aws-sdk\//);
    expect(bundle).toContain("DescribeSecurityGroups");
  });
});

describe("the config file", () => {
  it("is packaged with the function, not in its environment, and the function reads its 40 suppressions from there", async () => {
    const [[, fn]] = ofType("AWS::Lambda::Function") as [string, any][];
    const variables: Record<string, string> = fn.Properties.Environment.Variables;
    expect(variables.DRIFTWARDEN_CONFIG_FILE).toBe(configFile);
    expect(JSON.stringify(variables).length).toBeLessThan(4096);

    // The package's files, where Lambda puts them (LAMBDA_TASK_ROOT).
    const taskRoot = await mkdtemp(join(tmpdir(), "driftwarden-task-"));
    for (const [name, data] of unzip(await readFile(join(out, "audit.zip")))) {
      await mkdir(dirname(join(taskRoot, name)), { recursive: true });
      await writeFile(join(taskRoot, name), data);
    }
    const env = auditEnvironment({ ...variables, DRIFTWARDEN_TABLE: "findings", LAMBDA_TASK_ROOT: taskRoot });
    expect(env.configText.length).toBeGreaterThan(4096);
    expect(parseConfig(env.configText, env.configSource!, allRules).suppressions).toHaveLength(40);
    await rm(taskRoot, { recursive: true, force: true });
  });

  it("fails the package, before bundling, when it names a rule that does not exist", async () => {
    const misspelt = join(configDir, "misspelt.yaml");
    await writeFile(misspelt, "rules:\n  ec2-ssh-restriced: false\n");
    const failedOut = await mkdtemp(join(tmpdir(), "driftwarden-package-"));
    await expect(packageService(failedOut, `configFile=${misspelt}`)).rejects.toMatchObject({
      stdout: expect.stringContaining(`${misspelt}: rules.ec2-ssh-restriced: unknown rule id (did you mean ec2-ssh-restricted?)`),
    });
    expect(await readdir(failedOut)).toEqual([]);
    await rm(failedOut, { recursive: true, force: true });
  }, 60_000);
});
