/**
 * The AWS SDK's own CPU per call, measured alone: every call goes through a
 * client made as a run makes it (clientConfigFactory), whose transport answers
 * at once with an empty DescribeVpcs page, so what is timed is the SDK's
 * middleware, serialization, signing, retry bookkeeping and parsing, and
 * nothing of AWS, the network or driftwarden. Priced over an organization
 * run's clients and calls, it is a floor on the run's CPU: no fan-out of those
 * calls on one thread is faster.
 */
import { Readable } from "node:stream";
import type { EC2ClientConfig } from "@aws-sdk/client-ec2";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { benchClientConfig, EMPTY_VPCS_PAGE } from "./transport.js";

export interface SdkCallCost {
  /** One call on a client that has made calls before. */
  callMs: number;
  /** What a client's first call costs beyond that (the client made, its settings resolved, its stack built). */
  firstCallMs: number;
}

/** Answers every request with an empty page, at once. */
const instantTransport = {
  handle: async () => ({ response: { statusCode: 200, headers: { "content-type": "text/xml" }, body: Readable.from([Buffer.from(EMPTY_VPCS_PAGE)]) } }),
  updateHttpClientConfig() {},
  httpHandlerConfigs: () => ({}),
  destroy() {},
} as unknown as NonNullable<EC2ClientConfig["requestHandler"]>;

export async function sdkCallCost({ clients = 400, calls = 3000 } = {}): Promise<SdkCallCost> {
  const configFor = benchClientConfig("AKIDSDKFLOOR");
  const client = () => new EC2Client({ ...configFor("us-east-1"), requestHandler: instantTransport });
  const cpuMs = async (work: () => Promise<void>) => {
    const before = process.cpuUsage();
    await work();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  // Warm first: the engine compiles the SDK's code paths as a long run would have.
  const warm = client();
  for (let i = 0; i < 500; i++) await warm.send(new DescribeVpcsCommand({}));
  const callMs = (await cpuMs(async () => {
    for (let i = 0; i < calls; i++) await warm.send(new DescribeVpcsCommand({}));
  })) / calls;
  const firstMs = (await cpuMs(async () => {
    for (let i = 0; i < clients; i++) await client().send(new DescribeVpcsCommand({}));
  })) / clients;
  return { callMs: round3(callMs), firstCallMs: round3(Math.max(0, firstMs - callMs)) };
}

/** The floor `cost` puts on a run of these clients and calls on one thread. */
export function sdkFloorMs(cost: SdkCallCost, run: { clients: number; calls: number }): number {
  return Math.round(run.clients * cost.firstCallMs + run.calls * cost.callMs);
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
