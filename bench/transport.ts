/**
 * What sharing one HTTP transport across a run's clients saves
 * (src/collect/transport.ts): accounts, a few at once, each making a client
 * per host (as a run makes one per service and region) that sends a few
 * calls and is destroyed, against a local HTTPS endpoint of several hosts
 * (one port each) in a process of its own, so that only the client side's
 * CPU is counted. Measured twice: each client with a transport of its own
 * (what SDK clients make unless given one), and every client through the
 * run's. AWS presents RSA certificates; the endpoint's is one too, made with
 * openssl for the run (without openssl, the case runs over plain HTTP and
 * measures the connections alone).
 */
import { execFileSync, fork } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import pLimit from "p-limit";
import { clientConfigFactory } from "../src/collect/client-config.js";

export interface TransportShape {
  accounts: number;
  /** Hosts each account's clients talk to, a client each (a run's services × regions). */
  hosts: number;
  callsPerClient: number;
  accountsAtOnce: number;
  latencyMs: number;
}

export interface TransportJob extends TransportShape {
  kind: "transport";
  transport: "per-client" | "shared";
  /** PEM files of the endpoint's certificate (also the client's extra CA); absent: plain HTTP. */
  tls?: { cert: string; key: string };
}

export interface TransportBench {
  transport: TransportJob["transport"];
  tls: boolean;
  clients: number;
  requests: number;
  /** Connections the endpoint accepted (with TLS, each a handshake). */
  connections: number;
  wallMs: number;
  /** The client process's CPU. */
  cpuMs: number;
}

export const TRANSPORT_SHAPE: TransportShape = { accounts: 200, hosts: 8, callsPerClient: 4, accountsAtOnce: 10, latencyMs: 20 };

const SERVER_FLAG = "--transport-server";
/** The answer these benchmarks give every call: an empty DescribeVpcs page, as EC2 sends it. */
export const EMPTY_VPCS_PAGE = '<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>1</requestId><vpcSet/></DescribeVpcsResponse>';

/** A client configuration made as a run makes it, signing with keys that are nobody's. */
export const benchClientConfig = (accessKeyId: string) => clientConfigFactory({ credentials: async () => ({ accessKeyId, secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }) });

/** A certificate for 127.0.0.1 in a directory of its own, or undefined without openssl; `remove` deletes it. */
export async function endpointCertificate(): Promise<{ tls?: TransportJob["tls"]; remove: () => Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), "driftwarden-transport-"));
  const remove = () => rm(directory, { recursive: true, force: true });
  const tls = { cert: join(directory, "cert.pem"), key: join(directory, "key.pem") };
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tls.key, "-out", tls.cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
    return { tls, remove };
  } catch {
    await remove();
    return { remove };
  }
}

/** The environment a TransportJob's worker needs: the endpoint's certificate trusted, as Node reads it only at start. */
export function transportWorkerEnv(job: TransportJob): NodeJS.ProcessEnv | undefined {
  return job.tls ? { ...process.env, NODE_EXTRA_CA_CERTS: job.tls.cert } : undefined;
}

/** Where the clients send: the endpoint's ports, what it counted, and how to stop it. */
export interface TransportEndpoint {
  ports: number[];
  counts(): Promise<{ connections: number; requests: number }>;
  close(): void;
}

/** `endpoint`: the bench's runs in a process of its own (endpointProcess); tests may pass one in theirs (transportEndpoint). */
export async function benchTransport(job: TransportJob, endpoint: (job: TransportJob) => Promise<TransportEndpoint> = endpointProcess): Promise<TransportBench> {
  const server = await endpoint(job);
  try {
    const scheme = job.tls ? "https" : "http";
    const configFor = benchClientConfig("AKIDTRANSPORTBENCH");
    const account = async () => {
      await Promise.all(
        server.ports.map(async (port) => {
          const client = new EC2Client({
            ...configFor("us-east-1"),
            endpoint: `${scheme}://127.0.0.1:${port}`,
            ...(job.transport === "per-client" && { requestHandler: new NodeHttpHandler() }),
          });
          for (let call = 0; call < job.callsPerClient; call++) await client.send(new DescribeVpcsCommand({}));
          client.destroy();
        }),
      );
    };
    const limit = pLimit(job.accountsAtOnce);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(Array.from({ length: job.accounts }, () => limit(account)));
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const counted = await server.counts();
    return {
      transport: job.transport,
      tls: Boolean(job.tls),
      clients: job.accounts * job.hosts,
      requests: counted.requests,
      connections: counted.connections,
      wallMs: Math.round(wallMs),
      cpuMs: Math.round((used.user + used.system) / 1000),
    };
  } finally {
    server.close();
  }
}

type EndpointOptions = Pick<TransportJob, "hosts" | "latencyMs" | "tls">;

/** The endpoint in this process: every request answered with an empty DescribeVpcs page after the latency. */
export async function transportEndpoint({ hosts, latencyMs, tls }: EndpointOptions): Promise<TransportEndpoint> {
  const options = tls && { cert: await readFile(tls.cert), key: await readFile(tls.key) };
  let [connections, requests] = [0, 0];
  const answer = (request: http.IncomingMessage, response: http.ServerResponse) => {
    requests += 1;
    request.resume().on("end", () =>
      setTimeout(() => {
        response.writeHead(200, { "content-type": "text/xml" });
        response.end(EMPTY_VPCS_PAGE);
      }, latencyMs),
    );
  };
  const servers = await Promise.all(
    Array.from({ length: hosts }, async () => {
      const server = options ? https.createServer(options, answer) : http.createServer(answer);
      server.on(options ? "secureConnection" : "connection", () => (connections += 1));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return server;
    }),
  );
  return {
    ports: servers.map((server) => (server.address() as AddressInfo).port),
    counts: async () => ({ connections, requests }),
    close: () => servers.forEach((server) => server.close()),
  };
}

/** The endpoint in a child process, so that its CPU is not the clients'. */
function endpointProcess(job: TransportJob): Promise<TransportEndpoint> {
  const options: EndpointOptions = { hosts: job.hosts, latencyMs: job.latencyMs, ...(job.tls && { tls: job.tls }) };
  const child = fork(process.argv[1]!, [SERVER_FLAG, JSON.stringify(options)], { stdio: "inherit" });
  const next = () => new Promise<any>((resolve, reject) => child.once("message", resolve).once("error", reject));
  return next().then(({ ports }) => ({
    ports,
    counts: () => {
      const answer = next();
      child.send("counts");
      return answer;
    },
    close: () => child.kill(),
  }));
}

/** In the endpoint's child process: serves until killed, answering "counts" with what it counted; returns false elsewhere. */
export async function serveIfTransportEndpoint(): Promise<boolean> {
  const at = process.argv.indexOf(SERVER_FLAG);
  if (at < 0) return false;
  const endpoint = await transportEndpoint(JSON.parse(process.argv[at + 1]!) as EndpointOptions);
  process.on("message", async () => process.send!(await endpoint.counts()));
  process.send!({ ports: endpoint.ports });
  return true;
}
