import { describe, expect, it } from "@jest/globals";
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import type { Pluggable } from "@smithy/types";
import { runClient, SDK_LOGGER_MIDDLEWARE } from "../../src/collect/run-client.js";

/** Answers every request inside the SDK's initialize step, where its logger middleware wraps it: no network. */
const answered: Pluggable<any, any> = {
  applyToStack(stack) {
    stack.add(() => async () => ({ output: { $metadata: { httpStatusCode: 200 }, Reservations: [{ ReservationId: "r-1", Instances: [{ InstanceId: "i-0abc" }] }] }, response: {} }), {
      step: "initialize",
      priority: "low",
      name: "answered",
    });
  },
};

function loggedClient(): { client: EC2Client; infos: unknown[] } {
  const infos: unknown[] = [];
  const logger = { trace() {}, debug() {}, info: (entry: unknown) => infos.push(entry), warn() {}, error() {} };
  return { client: new EC2Client({ region: "us-east-1", logger, credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } }), infos };
}

describe("runClient", () => {
  it("takes out the SDK's logger middleware, which filters a copy of every response for the logger", async () => {
    const plain = loggedClient();
    plain.client.middlewareStack.use(answered);
    await plain.client.send(new DescribeInstancesCommand({}));
    // Without runClient the SDK builds the filtered copy of the response and hands it to the logger.
    expect(plain.infos).toHaveLength(1);
    expect(plain.infos[0]).toMatchObject({ commandName: "DescribeInstancesCommand", output: { Reservations: [{ Instances: [{ InstanceId: "i-0abc" }] }] } });

    const run = loggedClient();
    runClient(run.client, [answered]);
    const output = await run.client.send(new DescribeInstancesCommand({}));
    expect(output.Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe("i-0abc");
    expect(run.infos).toEqual([]);
    expect(run.client.middlewareStack.identify().some((entry) => entry.startsWith(`${SDK_LOGGER_MIDDLEWARE} `))).toBe(false);
    expect(plain.client.middlewareStack.identify().some((entry) => entry.startsWith(`${SDK_LOGGER_MIDDLEWARE} `))).toBe(true);
  });

  it("adds the run's plugins in order, and leaves a stand-in without a middleware stack as it is", () => {
    const order: string[] = [];
    const plugin = (name: string): Pluggable<any, any> => ({ applyToStack: () => void order.push(name) });
    const { client } = loggedClient();
    expect(runClient(client, [plugin("debug"), plugin("endpoint")])).toBe(client);
    expect(order).toEqual(["debug", "endpoint"]);
    const standIn: { send(): Promise<object>; middlewareStack?: undefined } = { send: async () => ({}) };
    expect(runClient(standIn, [plugin("unused")])).toBe(standIn);
    expect(order).toEqual(["debug", "endpoint"]);
  });
});
