// The event path (--param events=true): CloudTrail's write events on the default event bus → one EventBridge
// rule per service (src/deploy/event-pattern.ts) → an SQS FIFO queue → the react function, which re-reads and
// re-evaluates what each event touched. With events=false (the default) none of it is deployed.
const { loadTs } = require("./load-ts.cjs");
const config = require("./config.cjs");
const organization = require("./organization.cjs");

const QUEUE = "ReactQueue";
const DEAD_LETTER_QUEUE = "ReactDeadLetterQueue";
const REACT_TIMEOUT_SECONDS = 60;
const REACT_RESERVE_SECONDS = 10;
// Lambda's advice for an SQS event source: at least six times the function's timeout, so that a batch
// Lambda is still retrying (throttled, say) does not become visible to a second invocation.
const VISIBILITY_TIMEOUT_SECONDS = 6 * REACT_TIMEOUT_SECONDS;
const MAX_RECEIVE_COUNT = 5;
// EventBridge's SQS target takes one static group id (no path into the event), so every event is in one group,
// and the queue hands them to one invocation at a time in arrival order. Arrival order is not the order of
// the calls: the handler orders each batch by event time, and the store's writes are conditional on observation time.
const MESSAGE_GROUP_ID = "cloudtrail-events";
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

let patternModule;
// One build of the module for all of this file's variables.
const eventPatterns = async () => (await (patternModule ??= loadTs("src/deploy/event-pattern.ts"))).eventPatterns();

async function params(context) {
  const events = String(await context.resolveVariable("param:events"));
  if (events !== "true" && events !== "false") throw new Error(`events parameter: expected true or false, got "${events}"`);
  if (events === "false") return { events: false };
  if (!(await organization.params(context)).organization) return { events: true };
  const organizationId = String((await context.resolveVariable("param:organizationId")) ?? "");
  if (!organizationId) {
    throw new Error("organizationId parameter: required with events=true and organization=true, to let the organization's accounts put events on this account's default event bus (`aws organizations describe-organization` shows the id)");
  }
  if (!ORGANIZATION_ID.test(organizationId)) throw new Error(`organizationId parameter: expected an organization id (o- and 10 to 32 lower-case letters or digits), got "${organizationId}"`);
  return { events: true, organizationId };
}
module.exports.params = params;

const ruleId = (service) => `React${service.name}EventsRule`;
const arn = (logicalId) => ({ "Fn::GetAtt": [logicalId, "Arn"] });
const defaultBusArn = { "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default" };

/** The react function, fed by the queue; none unless events=true. */
module.exports.functions = async (context) => {
  if (!(await params(context)).events) return {};
  return {
    react: {
      handler: "functions/react.handler",
      description: "Re-reads and re-evaluates the resources a CloudTrail write event touched, and alerts on what changed",
      memorySize: 1024,
      timeout: REACT_TIMEOUT_SECONDS,
      // The queue's one message group gives one invocation at a time; a few reserved keep a redrive or a manual
      // invoke from being throttled, and the path running while an organization audit holds the account's concurrency.
      reservedConcurrency: 5,
      // The audit's 90 s reserve would be more than this function's whole timeout.
      environment: { DRIFTWARDEN_RESERVE_SECONDS: String(REACT_RESERVE_SECONDS) },
      package: { patterns: await config.patterns(context) },
      events: [{ sqs: { arn: arn(QUEUE), batchSize: 10, functionResponseType: "ReportBatchItemFailures" } }],
    },
  };
};

/** The queue, its dead-letter queue and alarm, the rules and the queue's policy; with organization=true, the bus policy. */
module.exports.resources = async (context) => {
  const { events, organizationId } = await params(context);
  if (!events) return {};
  const name = `${await context.resolveVariable("self:service")}-${await context.resolveVariable("sls:stage")}`;
  const services = await eventPatterns();
  const rules = Object.fromEntries(
    services.map((service) => [
      ruleId(service),
      {
        Type: "AWS::Events::Rule",
        Properties: {
          Description: `driftwarden: ${service.eventSource} write calls, to the event path's queue`,
          EventBusName: "default",
          // ENABLED, not ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: read-only calls never reach the rule.
          State: "ENABLED",
          EventPattern: service.pattern,
          Targets: [{ Id: "react-queue", Arn: arn(QUEUE), SqsParameters: { MessageGroupId: MESSAGE_GROUP_ID } }],
        },
      },
    ]),
  );
  return {
    Resources: {
      [QUEUE]: {
        Type: "AWS::SQS::Queue",
        Properties: {
          QueueName: `${name}-events.fifo`,
          FifoQueue: true,
          // EventBridge sets no deduplication id on a FIFO target: the body (the whole event, with CloudTrail's eventID) is the id.
          ContentBasedDeduplication: true,
          VisibilityTimeout: VISIBILITY_TIMEOUT_SECONDS,
          SqsManagedSseEnabled: true,
          RedrivePolicy: { deadLetterTargetArn: arn(DEAD_LETTER_QUEUE), maxReceiveCount: MAX_RECEIVE_COUNT },
        },
      },
      [DEAD_LETTER_QUEUE]: {
        Type: "AWS::SQS::Queue",
        Properties: { QueueName: `${name}-events-failed.fifo`, FifoQueue: true, MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true },
      },
      // An event the function failed five times sits in the dead-letter queue: alarmed until the queue is read or purged.
      ReactDeadLetterAlarm: {
        Type: "AWS::CloudWatch::Alarm",
        Properties: {
          AlarmDescription: "driftwarden could not handle a change event after 5 attempts; it is in the events dead-letter queue",
          Namespace: "AWS/SQS",
          MetricName: "ApproximateNumberOfMessagesVisible",
          Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [DEAD_LETTER_QUEUE, "QueueName"] } }],
          Statistic: "Maximum",
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 0,
          ComparisonOperator: "GreaterThanThreshold",
          TreatMissingData: "notBreaching",
          AlarmActions: [{ Ref: "AlertsTopic" }],
        },
      },
      ReactQueuePolicy: {
        Type: "AWS::SQS::QueuePolicy",
        Properties: {
          Queues: [{ Ref: QUEUE }],
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "EventBridgeRules",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sqs:SendMessage",
                Resource: arn(QUEUE),
                Condition: { ArnEquals: { "aws:SourceArn": services.map((service) => arn(ruleId(service))) } },
              },
            ],
          },
        },
      },
      ...rules,
      ...(organizationId && {
        // The forwarding rules of the organization's accounts put their events here (deploy/event-forwarding.yml).
        OrganizationEventBusPolicy: {
          Type: "AWS::Events::EventBusPolicy",
          Properties: {
            EventBusName: "default",
            // Per stack: the default bus and its policy are the account's, shared by every stage deployed in the region.
            StatementId: `${name}-organization`,
            Statement: {
              Effect: "Allow",
              Principal: "*",
              Action: "events:PutEvents",
              Resource: defaultBusArn,
              Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
            },
          },
        },
      }),
    },
    Outputs: {
      // The forwarding templates' AuditorEventBusArn.
      EventBusArn: { Value: defaultBusArn },
    },
  };
};
