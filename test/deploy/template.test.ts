/**
 * Packages the service with osls exactly as `serverless deploy` would (no
 * credentials, no network) and checks the CloudFormation template it makes.
 * Packaging takes seconds, and two runs in one directory would share its
 * .esbuild/: one package of an organization deployment with a config file,
 * then one that must fail, then one with the event path. The single-account
 * deployment differs only in deploy/organization.cjs's values, and the event
 * path's parameters only in deploy/events.cjs's, which are checked directly.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { allRules } from "../../rules/index.js";
import { parseConfig } from "../../src/config/config.js";
import { iamStatements, organizationStatements, readActions } from "../../src/deploy/iam-policy.js";
import { STATES } from "../../src/deploy/state-machine.js";
import { ORGANIZATIONS_PERMISSIONS } from "../../src/collect/organizations.js";
import { createRequire } from "node:module";
import { ATTRIBUTION_PERMISSIONS } from "../../src/attribute/lookup.js";
import { allCollectors } from "../../src/collect/index.js";
import { auditEnvironment } from "../../src/lambda/environment.js";
import { TABLE_DEFINITION, TABLE_PERMISSIONS } from "../../src/publish/store/table.js";
import { eventPatterns } from "../../src/deploy/event-pattern.js";
import { temporaryDirectories } from "../support/temp-dirs.js";
import { unzip } from "../support/unzip.js";

const run = promisify(execFile);
let template: { Resources: Record<string, { Type: string; Properties: any; Condition?: string }>; Outputs: Record<string, { Value: unknown }> };
let out: string;
// Under the service directory: the package holds the config file at this same path.
const configDir = join("test-output", `deploy-${process.pid}`);
const configFile = join(configDir, "driftwarden.config.yaml");

const packageDirectory = temporaryDirectories("driftwarden-package-");
const taskRootDirectory = temporaryDirectories("driftwarden-task-");
const packagerTemp = temporaryDirectories("driftwarden-packager-");

const packageService = async (outDir: string, ...params: string[]) => {
  // A temp directory of the packager's own, removed with the others: serverless-esbuild copies each function
  // to <function>-<pid>-<ms>-<hex> in the temp directory to zip it, and its removal of the copy fails
  // unnoticed (a non-recursive remove of a directory, the error ignored).
  const TMPDIR = await packagerTemp();
  const env = { ...process.env, TMPDIR, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off", AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_PROFILE: "" };
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

/** The organization deployment's member role, as the config names it. */
const ORGANIZATION_CONFIG = "organization:\n  roleName: audit-reader\n  externalId: 7f3c9a1e-driftwarden\n  excludeAccounts: ['999999999999']\n";

beforeAll(async () => {
  out = await packageDirectory();
  await mkdir(configDir, { recursive: true });
  await writeFile(configFile, fortySuppressions() + ORGANIZATION_CONFIG);
  await packageService(out, "alertEmail=ops@example.com", `configFile=${configFile}`, "organization=true", "maxConcurrency=15", "toleratedFailurePercentage=5");
  template = JSON.parse(await readFile(join(out, "cloudformation-template-update-stack.json"), "utf8"));
}, 150_000);

afterAll(() => rm(configDir, { recursive: true, force: true }));

const ofType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);

/** The state machine's definition, its functions' references (Fn::Sub placeholders) replaced by their logical ids. */
function stateMachineDefinition(): any {
  const [text, references] = template.Resources.OrganizationAuditStateMachine!.Properties.DefinitionString["Fn::Sub"] as [string, Record<string, { "Fn::GetAtt": [string, string] }>];
  return JSON.parse(text.replace(/\$\{(\w+)\}/g, (_, name: string) => references[name]!["Fn::GetAtt"][0]));
}

describe("the packaged CloudFormation template", () => {
  it("starts the organization state machine on the nightly schedule, and not the audit function", () => {
    const rules = ofType("AWS::Events::Rule") as [string, any][];
    expect(rules).toHaveLength(1);
    const [[, rule]] = rules;
    expect(rule.Properties.ScheduleExpression).toBe("cron(0 2 * * ? *)");
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { Ref: "OrganizationAuditStateMachine" } })]);
    // No rule invokes a function: nothing grants events.amazonaws.com a Lambda invocation.
    expect(ofType("AWS::Lambda::Permission")).toEqual([]);
    expect(template.Resources.OrganizationAuditStateMachine!.Properties.StateMachineName).toBe("driftwarden-dev-organization");
  });

  it("discovers the accounts, audits each in a Distributed Map bounded by the parameters, and sends the digest", () => {
    const definition = stateMachineDefinition();
    expect(definition.StartAt).toBe(STATES.discover);
    expect(definition.States[STATES.discover]).toMatchObject({ Type: "Task", Resource: "DiscoverLambdaFunction", Next: STATES.map });
    const map = definition.States[STATES.map];
    expect(map).toMatchObject({ Type: "Map", MaxConcurrency: 15, ToleratedFailurePercentage: 5, ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" } }, Next: STATES.digest });
    expect(map.ItemProcessor.States[STATES.audit]).toMatchObject({ Type: "Task", Resource: "AuditLambdaFunction" });
    expect(definition.States[STATES.digest]).toMatchObject({ Type: "Task", Resource: "DigestLambdaFunction", End: true });
  });

  it("gives the audit function a destination for failed async invocations, and reserves the Map's concurrency for it", () => {
    const [[, config]] = ofType("AWS::Lambda::EventInvokeConfig") as [string, any][];
    expect(config.Properties.MaximumRetryAttempts).toBe(2);
    expect(config.Properties.DestinationConfig.OnFailure.Destination).toEqual({ "Fn::GetAtt": ["FailedAuditsQueue", "Arn"] });
    const fn = template.Resources.AuditLambdaFunction!;
    expect(fn.Properties).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"], Timeout: 900 });
    // As many audits at once as the Map starts: the reservation never throttles it.
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(15);
    expect(ofType("AWS::Lambda::Function").map(([id]) => id).sort()).toEqual(["AuditLambdaFunction", "DigestLambdaFunction", "DiscoverLambdaFunction"]);
    for (const [, group] of ofType("AWS::Logs::LogGroup")) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it("lets the state machine run its functions and its Map's child executions, and alarms to the alerts topic when a run fails", () => {
    const role = template.Resources.OrganizationAuditStateMachineRole!.Properties.Policies[0].PolicyDocument.Statement as { Action: string[]; Resource: unknown[] }[];
    const invoke = role.find((s) => s.Action.includes("lambda:InvokeFunction"))!;
    for (const fn of ["AuditLambdaFunction", "DiscoverLambdaFunction", "DigestLambdaFunction"]) expect(invoke.Resource).toContainEqual({ "Fn::GetAtt": [fn, "Arn"] });
    // A Distributed Map starts its children as executions of the state machine itself.
    expect(role.find((s) => s.Action.includes("states:StartExecution"))!.Resource).toEqual([{ "Fn::Sub": ["arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:driftwarden-dev-organization", {}] }]);
    expect(role).toContainEqual({
      Effect: "Allow",
      Action: ["states:DescribeExecution", "states:StopExecution", "states:RedriveExecution"],
      Resource: [{ "Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:driftwarden-dev-organization/*" }],
    });
    const alarms = ofType("AWS::CloudWatch::Alarm").filter(([, a]) => a.Properties.Namespace === "AWS/States");
    expect(alarms.map(([, a]) => a.Properties.MetricName).sort()).toEqual(["ExecutionsAborted", "ExecutionsFailed", "ExecutionsTimedOut"]);
    for (const [, alarm] of alarms) expect(alarm.Properties).toMatchObject({ AlarmActions: [{ Ref: "AlertsTopic" }], Dimensions: [{ Name: "StateMachineArn", Value: { Ref: "OrganizationAuditStateMachine" } }] });
    // The member role's AuditorRoleArns names the functions' role.
    expect(template.Outputs.FunctionRoleArn!.Value).toEqual({ "Fn::GetAtt": ["IamRoleLambdaExecution", "Arn"] });
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
    const organization = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith("organizations:") || a === "sts:AssumeRole"));
    const writes = statements.filter((s) => s !== reads && !organization.includes(s));
    // Scoped to ARNs of the stack's own resources (the table's indexes are "<table arn>/index/*").
    for (const statement of writes) expect([statement.Resource].flat()).not.toContain("*");
    expect(writes.find((s) => s.Action.includes("sns:Publish"))!.Resource).toEqual({ Ref: "AlertsTopic" });
    expect(writes.find((s) => s.Action.includes("kms:GenerateDataKey*"))!.Resource).toEqual({ "Fn::GetAtt": ["AlertsKey", "Arn"] });
    const table = writes.find((s) => s.Action.includes("dynamodb:BatchWriteItem"))!;
    expect(table.Action).toEqual([...TABLE_PERMISSIONS]);
    expect(JSON.stringify(table.Resource)).toContain("FindingsTable");
    // An organization deployment: discovery's List calls, and the config's member role in any account.
    expect(organization).toEqual([
      { Effect: "Allow", Action: [...ORGANIZATIONS_PERMISSIONS], Resource: "*" },
      { Effect: "Allow", Action: ["sts:AssumeRole"], Resource: "arn:aws:iam::*:role/audit-reader" },
    ]);
  });

  it("alarms to the alerts topic on a failed invocation and on a failed audit in the queue", () => {
    const alarms = Object.fromEntries(
      ofType("AWS::CloudWatch::Alarm")
        .filter(([, a]) => a.Properties.Namespace !== "AWS/States")
        .map(([, a]) => [`${a.Properties.Namespace} ${a.Properties.MetricName}`, a.Properties]),
    );
    expect(Object.keys(alarms).sort()).toEqual(["AWS/Lambda Errors", "AWS/SQS ApproximateNumberOfMessagesVisible"]);
    expect(alarms["AWS/Lambda Errors"].Dimensions).toEqual([{ Name: "FunctionName", Value: { Ref: "AuditLambdaFunction" } }]);
    expect(alarms["AWS/SQS ApproximateNumberOfMessagesVisible"].Dimensions).toEqual([{ Name: "QueueName", Value: { "Fn::GetAtt": ["FailedAuditsQueue", "QueueName"] } }]);
    for (const alarm of Object.values(alarms)) {
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching", AlarmActions: [{ Ref: "AlertsTopic" }] });
    }
  });

  it("deploys no event path unless asked (events=false, the default)", () => {
    expect(template.Resources).not.toHaveProperty("ReactLambdaFunction");
    expect(ofType("AWS::SQS::Queue").map(([id]) => id)).toEqual(["FailedAuditsQueue"]);
    expect(ofType("AWS::Lambda::EventSourceMapping")).toEqual([]);
    expect(ofType("AWS::Events::EventBusPolicy")).toEqual([]);
    expect(ofType("AWS::SQS::QueuePolicy")).toEqual([]);
    expect(template.Outputs).not.toHaveProperty("EventBusArn");
  });

  it("bundles each function with the AWS SDK the tests ran, imported from nowhere else, in under 2 MiB", async () => {
    const sizes: string[] = [];
    for (const [fn, calls] of [["audit", "DescribeSecurityGroups"], ["discover", "ListAccounts"], ["digest", "Publish"]] as const) {
      const zip = await readFile(join(out, `${fn}.zip`));
      sizes.push(`${fn}.zip ${(zip.length / 1024).toFixed(0)} KiB`);
      expect(zip.length).toBeLessThan(2 * 1024 * 1024);
      const bundle = unzip(zip).get(`functions/${fn}.mjs`)!.toString("utf8");
      expect(bundle).not.toMatch(/from\s*"@aws-sdk\//);
      expect(bundle).toContain(calls);
    }
    process.stdout.write(`${sizes.join(", ")}\n`);
  });
});

describe("a single-account deployment (organization=false, the default)", () => {
  // deploy/organization.cjs's values, resolved as osls resolves them, with the defaults of serverless.yml's params.
  const require = createRequire(import.meta.url);
  const organization = require("../../deploy/organization.cjs");
  const iam = require("../../deploy/iam.cjs");
  const params: Record<string, string> = { organization: "false", maxConcurrency: "20", toleratedFailurePercentage: "10", schedule: "cron(0 2 * * ? *)", configFile: "" };
  const context = { resolveVariable: async (name: string) => params[name.replace(/^param:/, "")] ?? (name === "self:service" ? "driftwarden" : "dev") };

  it("schedules the audit function itself, one at a time, with no state machine, discovery or digest, and no organization permissions", async () => {
    expect(await organization.auditEvents(context)).toEqual([{ schedule: { rate: "cron(0 2 * * ? *)" } }]);
    expect(await organization.auditConcurrency(context)).toBe(1);
    expect(await organization.functions(context)).toEqual({});
    expect(await organization.stepFunctions(context)).toEqual({ stateMachines: {} });
    const statements = await iam.statements(context);
    expect(statements).toEqual(iamStatements({ tableArn: { "Fn::GetAtt": ["FindingsTable", "Arn"] }, topicArn: { Ref: "AlertsTopic" }, topicKeyArn: { "Fn::GetAtt": ["AlertsKey", "Arn"] } }));
    expect(JSON.stringify(statements)).not.toMatch(/organizations:|sts:AssumeRole/);
    // Without a config file, an organization deployment assumes the default member role.
    expect(organizationStatements({})[1]!.Resource).toBe("arn:aws:iam::*:role/driftwarden-audit");
  });

  it("deploys the event path only with events=true, and lets other accounts put events only in an organization deployment", async () => {
    const events = require("../../deploy/events.cjs");
    const withParams = (extra: Record<string, string>) => ({ resolveVariable: async (name: string) => ({ ...params, events: "false", organizationId: "", ...extra })[name.replace(/^param:/, "")] ?? (name === "self:service" ? "driftwarden" : "dev") });
    expect(await events.functions(withParams({}))).toEqual({});
    expect(await events.resources(withParams({}))).toEqual({});
    const single = await events.resources(withParams({ events: "true" }));
    expect(Object.keys(single.Resources)).toContain("ReactQueue");
    expect(Object.values(single.Resources as Record<string, { Type: string }>).map((r) => r.Type)).not.toContain("AWS::Events::EventBusPolicy");
    expect(Object.keys((await events.functions(withParams({ events: "true" }))) as object)).toEqual(["react"]);
  });

  it("refuses event path parameters it cannot use, naming them", async () => {
    const events = require("../../deploy/events.cjs");
    const withParams = (extra: Record<string, string>) => events.params({ resolveVariable: async (name: string) => ({ ...params, organizationId: "", ...extra })[name.replace(/^param:/, "")] });
    await expect(withParams({ events: "yes" })).rejects.toThrow('events parameter: expected true or false, got "yes"');
    await expect(withParams({ events: "true", organization: "true" })).rejects.toThrow("organizationId parameter: required with events=true and organization=true");
    await expect(withParams({ events: "true", organization: "true", organizationId: "123456789012" })).rejects.toThrow('organizationId parameter: expected an organization id (o- and 10 to 32 lower-case letters or digits), got "123456789012"');
    await expect(withParams({ events: "true", organization: "true", organizationId: "o-a1b2c3d4e5" })).resolves.toEqual({ events: true, organizationId: "o-a1b2c3d4e5" });
    // A single-account deployment takes no organization id.
    await expect(withParams({ events: "true" })).resolves.toEqual({ events: true });
  });

  it("refuses parameters it cannot use, naming them", async () => {
    const wrong = (name: string, value: string) => organization.params({ resolveVariable: async (n: string) => (n === `param:${name}` ? value : params[n.replace(/^param:/, "")]) });
    await expect(wrong("organization", "yes")).rejects.toThrow('organization parameter: expected true or false, got "yes"');
    await expect(wrong("maxConcurrency", "0")).rejects.toThrow('maxConcurrency parameter: expected a whole number from 1 to 10000, got "0"');
    await expect(wrong("toleratedFailurePercentage", "12.5")).rejects.toThrow('toleratedFailurePercentage parameter: expected a whole number from 0 to 100, got "12.5"');
  });
});

describe("the config file", () => {
  it("is packaged with the function, not in its environment, and the function reads its 40 suppressions from there", async () => {
    const fn = template.Resources.AuditLambdaFunction!;
    const variables: Record<string, string> = fn.Properties.Environment.Variables;
    expect(variables.DRIFTWARDEN_CONFIG_FILE).toBe(configFile);
    expect(JSON.stringify(variables).length).toBeLessThan(4096);

    // The package's files, where Lambda puts them (LAMBDA_TASK_ROOT).
    const taskRoot = await taskRootDirectory();
    for (const [name, data] of unzip(await readFile(join(out, "audit.zip")))) {
      await mkdir(dirname(join(taskRoot, name)), { recursive: true });
      await writeFile(join(taskRoot, name), data);
    }
    const env = auditEnvironment({ ...variables, DRIFTWARDEN_TABLE: "findings", LAMBDA_TASK_ROOT: taskRoot });
    expect(env.configText.length).toBeGreaterThan(4096);
    const parsed = parseConfig(env.configText, env.configSource!, allRules);
    expect(parsed.suppressions).toHaveLength(40);
    expect(parsed.organization).toMatchObject({ roleName: "audit-reader" });
    // Discovery and the digest read the same file, packaged with each.
    for (const other of ["discover", "digest"]) expect([...unzip(await readFile(join(out, `${other}.zip`))).keys()]).toContain(configFile);
  });

  it("fails the package, before bundling, when it names a rule that does not exist", async () => {
    const misspelt = join(configDir, "misspelt.yaml");
    await writeFile(misspelt, "rules:\n  ec2-ssh-restriced: false\n");
    const failedOut = await packageDirectory();
    await expect(packageService(failedOut, `configFile=${misspelt}`)).rejects.toMatchObject({
      stdout: expect.stringContaining(`${misspelt}: rules.ec2-ssh-restriced: unknown rule id (did you mean ec2-ssh-restricted?)`),
    });
    expect(await readdir(failedOut)).toEqual([]);
  }, 60_000);
});

describe("the event path (events=true, in an organization deployment)", () => {
  let withEvents: typeof template;
  let eventsOut: string;
  const ORGANIZATION_ID = "o-a1b2c3d4e5";

  beforeAll(async () => {
    eventsOut = await packageDirectory();
    await packageService(eventsOut, "alertEmail=ops@example.com", `configFile=${configFile}`, "organization=true", "events=true", `organizationId=${ORGANIZATION_ID}`);
    withEvents = JSON.parse(await readFile(join(eventsOut, "cloudformation-template-update-stack.json"), "utf8"));
  }, 150_000);

  const resources = (type: string) => Object.entries(withEvents.Resources).filter(([, r]) => r.Type === type) as [string, any][];
  const arn = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });
  const patterns = eventPatterns();

  it("subscribes one rule per service on the default bus to the FIFO queue, with the event patterns and one message group", () => {
    const rules = resources("AWS::Events::Rule").filter(([, r]) => r.Properties.EventPattern);
    expect(rules.map(([id]) => id)).toEqual(patterns.map((p) => `React${p.name}EventsRule`));
    rules.forEach(([, rule], i) => {
      expect(rule.Properties).toMatchObject({ EventBusName: "default", State: "ENABLED", EventPattern: patterns[i]!.pattern });
      // The whole envelope (no input transformer), in one static group: EventBridge cannot take a group id from the event.
      expect(rule.Properties.Targets).toEqual([{ Id: "react-queue", Arn: arn("ReactQueue"), SqsParameters: { MessageGroupId: "cloudtrail-events" } }]);
    });
    // The nightly schedule is still the state machine's alone.
    expect(resources("AWS::Events::Rule").filter(([, r]) => r.Properties.ScheduleExpression)).toHaveLength(1);
  });

  it("queues the events in a FIFO queue (content-based deduplication, SSE, six function timeouts of visibility) with a FIFO dead-letter queue after 5 receives, alarmed to the alerts topic", () => {
    const queue = withEvents.Resources.ReactQueue!.Properties;
    expect(queue).toEqual({
      QueueName: "driftwarden-dev-events.fifo",
      FifoQueue: true,
      ContentBasedDeduplication: true,
      VisibilityTimeout: 6 * withEvents.Resources.ReactLambdaFunction!.Properties.Timeout,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arn("ReactDeadLetterQueue"), maxReceiveCount: 5 },
    });
    const deadLetters = withEvents.Resources.ReactDeadLetterQueue!.Properties;
    expect(deadLetters).toMatchObject({ FifoQueue: true, SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    expect(deadLetters.QueueName).toMatch(/\.fifo$/);
    const alarms = resources("AWS::CloudWatch::Alarm").filter(([, a]) => JSON.stringify(a.Properties.Dimensions ?? []).includes("ReactDeadLetterQueue"));
    expect(alarms).toHaveLength(1);
    expect(alarms[0]![1].Properties).toMatchObject({
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": ["ReactDeadLetterQueue", "QueueName"] } }],
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
      AlarmActions: [{ Ref: "AlertsTopic" }],
    });
  });

  it("lets only the stack's own rules send to the queue", () => {
    const [[, policy]] = resources("AWS::SQS::QueuePolicy");
    expect(policy.Properties.Queues).toEqual([{ Ref: "ReactQueue" }]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Sid: "EventBridgeRules",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: arn("ReactQueue"),
        Condition: { ArnEquals: { "aws:SourceArn": patterns.map((p) => arn(`React${p.name}EventsRule`)) } },
      },
    ]);
  });

  it("runs the react function on the queue: batches of 10 with partial batch failures, 1024 MB, 60 s, 5 reserved", () => {
    const fn = withEvents.Resources.ReactLambdaFunction!.Properties;
    expect(fn).toMatchObject({ Handler: "functions/react.handler", Runtime: "nodejs22.x", Architectures: ["arm64"], MemorySize: 1024, Timeout: 60, ReservedConcurrentExecutions: 5 });
    // Its reserve fits its timeout; the rest of its environment is the audit's.
    expect(fn.Environment.Variables).toMatchObject({ DRIFTWARDEN_RESERVE_SECONDS: "10", DRIFTWARDEN_TABLE: { Ref: "FindingsTable" }, DRIFTWARDEN_TOPIC_ARN: { Ref: "AlertsTopic" }, DRIFTWARDEN_CONFIG_FILE: configFile });
    const [[, mapping]] = resources("AWS::Lambda::EventSourceMapping");
    expect(mapping.Properties).toMatchObject({ EventSourceArn: arn("ReactQueue"), FunctionName: arn("ReactLambdaFunction"), BatchSize: 10, FunctionResponseTypes: ["ReportBatchItemFailures"], Enabled: true });
  });

  it("gives the function's role what the event path calls: the queue's receive and delete, the table's reads and writes, the topic", () => {
    const statements: { Action: string | string[]; Resource: unknown }[] = withEvents.Resources.IamRoleLambdaExecution!.Properties.Policies[0].PolicyDocument.Statement;
    const granting = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));
    for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]) expect(granting(action).map((s) => s.Resource)).toEqual([[arn("ReactQueue")]]);
    for (const action of ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchWriteItem"]) {
      expect({ action, on: granting(action).map((s) => JSON.stringify(s.Resource)) }).toEqual({ action, on: [expect.stringContaining("FindingsTable")] });
    }
    expect(granting("dynamodb:BatchWriteItem")[0]!.Action).toEqual([...TABLE_PERMISSIONS]);
    expect(granting("sns:Publish").map((s) => s.Resource)).toEqual([{ Ref: "AlertsTopic" }]);
    // Nothing the event path adds takes Resource "*".
    expect(statements.filter((s) => s.Resource === "*").flatMap((s) => [s.Action].flat()).filter((a) => !/:(Describe|List|Get|Lookup)/.test(a))).toEqual([]);
  });

  it("lets the organization's accounts, and no one else, put events on the default bus, and outputs the bus for the forwarding templates", () => {
    const [[, policy]] = resources("AWS::Events::EventBusPolicy");
    expect(policy.Properties).toEqual({
      EventBusName: "default",
      StatementId: "driftwarden-dev-organization",
      Statement: {
        Effect: "Allow",
        Principal: "*",
        Action: "events:PutEvents",
        Resource: { "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default" },
        Condition: { StringEquals: { "aws:PrincipalOrgID": ORGANIZATION_ID } },
      },
    });
    expect(withEvents.Outputs.EventBusArn!.Value).toEqual({ "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default" });
  });

  it("packages the react function with the config file, in under 2 MiB", async () => {
    const zip = await readFile(join(eventsOut, "react.zip"));
    expect(zip.length).toBeLessThan(2 * 1024 * 1024);
    expect([...unzip(zip).keys()]).toEqual(expect.arrayContaining(["functions/react.mjs", configFile]));
  });
});
