import { PublishCommand } from "@aws-sdk/client-sns";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { AlertMessage } from "./alert-message.js";

export interface Notifier {
  /** Returns the message id; throws when the alert could not be sent. */
  send(message: AlertMessage): Promise<string>;
}

export function snsNotifier(client: SNSClient, topicArn: string): Notifier {
  return {
    async send(message) {
      const result = await client.send(
        new PublishCommand({ TopicArn: topicArn, Subject: message.subject, Message: message.body, MessageAttributes: message.attributes }),
      );
      return result.MessageId ?? "";
    },
  };
}
