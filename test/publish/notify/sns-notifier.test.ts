import { beforeEach, describe, expect, it } from "@jest/globals";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import type { AlertMessage } from "../../../src/publish/notify/alert-message.js";
import { snsNotifier } from "../../../src/publish/notify/sns-notifier.js";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:driftwarden-prod-AlertsTopic";
const sns = mockClient(SNSClient);

const message: AlertMessage = {
  subject: "driftwarden: HIGH ec2-ssh-restricted on web-tier by alice@example.com",
  body: "web-tier (eu-west-1) (AWS::EC2::SecurityGroup) in account 123456789012 changed:\n\n  NEW high ec2-ssh-restricted: SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0",
  attributes: {
    account: { DataType: "String", StringValue: "123456789012" },
    highestSeverity: { DataType: "String", StringValue: "high" },
    trigger: { DataType: "String", StringValue: "event" },
  },
};

const notifier = () => snsNotifier(new SNSClient({ region: "eu-west-1" }), TOPIC);

beforeEach(() => {
  sns.reset();
});

describe("snsNotifier", () => {
  it("publishes the subject, the body and the attributes to the topic, and returns the message id SNS gives", async () => {
    sns.on(PublishCommand).resolves({ MessageId: "95df01b4-ee98-5cb9-9903-4c221d41eb5e" });
    await expect(notifier().send(message)).resolves.toBe("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
    expect(sns.calls()).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      {
        TopicArn: TOPIC,
        Subject: "driftwarden: HIGH ec2-ssh-restricted on web-tier by alice@example.com",
        Message: "web-tier (eu-west-1) (AWS::EC2::SecurityGroup) in account 123456789012 changed:\n\n  NEW high ec2-ssh-restricted: SSH port 22 open to the internet: tcp/22 from 0.0.0.0/0",
        MessageAttributes: {
          account: { DataType: "String", StringValue: "123456789012" },
          highestSeverity: { DataType: "String", StringValue: "high" },
          trigger: { DataType: "String", StringValue: "event" },
        },
      },
    ]);
  });

  it("returns an empty id when SNS gives none", async () => {
    sns.on(PublishCommand).resolves({});
    await expect(notifier().send(message)).resolves.toBe("");
  });

  it("throws when SNS refuses the message", async () => {
    const error = Object.assign(new Error("Invalid parameter: Subject"), { name: "InvalidParameterException" });
    sns.on(PublishCommand).rejects(error);
    await expect(notifier().send(message)).rejects.toThrow("Invalid parameter: Subject");
  });
});
