/**
 * Every SDK client of a run sends through one transport (src/collect/transport.ts):
 * clients of different accounts, each made for a collector and destroyed after
 * it, reuse the connections the ones before opened, as an organization run's
 * 40 clients an account do against the same hosts. Against a local endpoint
 * that counts the connections it accepts.
 */
import { describe, expect, it } from "@jest/globals";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { clientConfigFactory } from "../../src/collect/client-config.js";
import { memberCredentials } from "../../src/collect/member-credentials.js";
import { assumedRole, awsHttpEndpoint, callerIdentity, ec2Empty, signingKey } from "../support/aws-http-endpoint.js";
import { fixedClock } from "../support/clock.js";

const CALLER_KEY = "AKIDTRANSPORTCALLER";
const endpoint = awsHttpEndpoint(CALLER_KEY, (request) => {
  if (request.action === "DescribeVpcs") return ec2Empty("DescribeVpcs", "vpcSet");
  if (request.action === "GetCallerIdentity") return callerIdentity("111122223333");
  if (request.action === "AssumeRole") return assumedRole(request.params.get("RoleArn")!.split(":")[4]!);
  return undefined;
});

const staticKeys = (accessKeyId: string) => async () => ({ accessKeyId, secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" });

/** What the endpoint counted from here on. */
function counting(): () => { connections: number; requests: number } {
  const [connections, requests] = [endpoint.connections, endpoint.requests.length];
  return () => ({ connections: endpoint.connections - connections, requests: endpoint.requests.length - requests });
}

describe("the run's transport", () => {
  it("carries the requests of clients of different accounts, each destroyed after its requests, over one connection", async () => {
    const counted = counting();
    for (const key of ["AKIDACCOUNTONE", "AKIDACCOUNTTWO", "AKIDACCOUNTTRE", "AKIDACCOUNTFOR"]) {
      const client = new EC2Client(clientConfigFactory({ endpointUrl: endpoint.url, credentials: staticKeys(key) })("us-east-1"));
      await client.send(new DescribeVpcsCommand({}));
      await client.send(new DescribeVpcsCommand({}));
      client.destroy();
    }
    // At most one: an earlier test's may still be open to take them all.
    expect(counted().requests).toBe(8);
    expect(counted().connections).toBeLessThanOrEqual(1);
    // Each signed with its own account's keys: one connection, not one identity.
    expect(new Set(endpoint.requests.slice(-8).map((r) => signingKey(r.authorization)))).toEqual(new Set(["AKIDACCOUNTONE", "AKIDACCOUNTTWO", "AKIDACCOUNTTRE", "AKIDACCOUNTFOR"]));
  });

  it("stays open for the other clients when one is destroyed", async () => {
    const configFor = clientConfigFactory({ endpointUrl: endpoint.url, credentials: staticKeys("AKIDACCOUNTONE") });
    const [first, second] = [new EC2Client(configFor("us-east-1")), new EC2Client(configFor("eu-west-1"))];
    await first.send(new DescribeVpcsCommand({}));
    first.destroy();
    const counted = counting();
    await expect(second.send(new DescribeVpcsCommand({}))).resolves.toMatchObject({ Vpcs: [] });
    second.destroy();
    // On the connection the first one left open.
    expect(counted()).toEqual({ connections: 0, requests: 1 });
  });

  it("carries a member account's AssumeRole too, on the connection its collectors then use", async () => {
    const caller = { endpointUrl: endpoint.url, credentials: staticKeys(CALLER_KEY) };
    const credentials = memberCredentials("444455556666", { roleName: "driftwarden-audit" }, caller, fixedClock("2026-11-02T02:00:00Z"));
    const counted = counting();
    const client = new EC2Client(clientConfigFactory({ ...caller, credentials })("us-east-1"));
    await client.send(new DescribeVpcsCommand({}));
    client.destroy();
    expect(endpoint.requests.slice(-2).map((r) => [r.action, signingKey(r.authorization)])).toEqual([
      ["AssumeRole", CALLER_KEY],
      ["DescribeVpcs", "ASIA444455556666AAAA"],
    ]);
    expect(counted().requests).toBe(2);
    expect(counted().connections).toBeLessThanOrEqual(1);
  });

  it("does not cap the connections to a host at the SDK's 50: the run's own limits bound what is in flight", async () => {
    // A host of its own, so that no connection of the tests before is there to reuse; it answers once all 60 are in (or, capped, a second later).
    let open = 0;
    const waiting: http.ServerResponse[] = [];
    const answerAll = () => waiting.splice(0).forEach((r) => r.writeHead(200, { "content-type": "text/xml" }).end(ec2Empty("DescribeVpcs", "vpcSet")));
    let capped: NodeJS.Timeout | undefined;
    const server = http.createServer((request, response) => {
      request.resume().on("end", () => {
        waiting.push(response);
        capped ??= setTimeout(answerAll, 1000);
        if (waiting.length === 60) answerAll();
      });
    });
    server.on("connection", () => (open += 1));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const client = new EC2Client(clientConfigFactory({ endpointUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: staticKeys("AKIDACCOUNTONE") })("us-east-1"));
      await Promise.all(Array.from({ length: 60 }, () => client.send(new DescribeVpcsCommand({}))));
      client.destroy();
      expect(open).toBe(60);
    } finally {
      clearTimeout(capped);
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
