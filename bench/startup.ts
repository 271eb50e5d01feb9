/**
 * The CLI's start-up as a user meets it: `driftwarden --version`, and
 * `driftwarden audit` from spawn to its first AWS request, at a local
 * endpoint that answers every request AccessDenied (so the run ends there).
 * Each is the median of a few spawns of bin/driftwarden.js, built first as
 * `npm run build` builds it, so that it runs this source.
 */
import { execFile, spawn } from "node:child_process";
import { createServer } from "node:http";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";

const SPAWNS = 5;
/** A child still running after this is stopped and the case fails: something waits that should not. */
const CHILD_TIMEOUT_MS = 60_000;
const BIN = "bin/driftwarden.js";

export interface StartupBench {
  spawns: number;
  /** Median wall time of `driftwarden --version`, spawn to exit. */
  versionMs: number;
  /** Median time from spawning `driftwarden audit` to its first request reaching the endpoint. */
  firstRequestMs: number;
  /** The first request's action, as IAM names it (sts:GetCallerIdentity). */
  firstAction: string;
  samples: { versionMs: number[]; firstRequestMs: number[] };
}

export async function benchStartup(): Promise<StartupBench> {
  await promisify(execFile)(process.execPath, ["scripts/build-cli.mjs"]);
  const versionMs: number[] = [];
  for (let i = 0; i < SPAWNS; i++) {
    const started = performance.now();
    await exited(spawn(process.execPath, [BIN, "--version"], { stdio: "ignore" }));
    versionMs.push(performance.now() - started);
  }

  const endpoint = await accessDeniedEndpoint();
  const firstRequestMs: number[] = [];
  const actions = new Set<string>();
  try {
    for (let i = 0; i < SPAWNS; i++) {
      const first = endpoint.nextRequest();
      const started = performance.now();
      const child = spawn(process.execPath, [BIN, "audit", "--endpoint-url", endpoint.url, "--region", "us-east-1", "--no-state", "--format", "json"], {
        stdio: "ignore",
        env: { ...process.env, AWS_ACCESS_KEY_ID: "AKIDSTARTUPBENCH", AWS_SECRET_ACCESS_KEY: "startup-bench-secret" },
      });
      const done = exited(child);
      const request = await Promise.race([first, done.then(() => undefined)]);
      if (!request) throw new Error(`${BIN} audit exited without sending a request`);
      firstRequestMs.push(request.at - started);
      actions.add(await request.action);
      await done;
    }
  } finally {
    await endpoint.close();
  }
  return {
    spawns: SPAWNS,
    versionMs: median(versionMs),
    firstRequestMs: median(firstRequestMs),
    firstAction: [...actions].join(", "),
    samples: { versionMs: versionMs.map(Math.round), firstRequestMs: firstRequestMs.map(Math.round) },
  };
}

interface FirstRequest {
  /** performance.now() when its headers arrived. */
  at: number;
  action: Promise<string>;
}

/** An endpoint answering every request with AWS's AccessDenied error, in the request's protocol; it tells when the next request arrives. */
async function accessDeniedEndpoint(): Promise<{ url: string; nextRequest(): Promise<FirstRequest>; close(): Promise<void> }> {
  let waiting: ((request: FirstRequest) => void) | undefined;
  const server = createServer((req, res) => {
    const at = performance.now();
    const body = bodyOf(req);
    waiting?.({ at, action: body.then((text) => actionOf(req, text)) });
    waiting = undefined;
    void body.then(() => {
      const message = "User: arn:aws:iam::123456789012:user/startup-bench is not authorized to perform this action";
      if (req.headers["x-amz-target"]) {
        res.writeHead(400, { "content-type": "application/x-amz-json-1.0" }).end(JSON.stringify({ __type: "AccessDenied", message }));
      } else {
        res.writeHead(400, { "content-type": "text/xml" }).end(`<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message}</Message></Error><RequestId>startup-bench</RequestId></ErrorResponse>`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    nextRequest: () => new Promise((resolve) => (waiting = resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** service:Action, from the signature's credential scope and the JSON target or the query's Action. */
function actionOf(req: IncomingMessage, body: string): string {
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "unknown";
  const target = req.headers["x-amz-target"];
  const action = typeof target === "string" ? target.slice(target.lastIndexOf(".") + 1) : new URLSearchParams(body).get("Action");
  return `${service}:${action ?? `${req.method} ${req.url}`}`;
}

function exited(child: ReturnType<typeof spawn>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${BIN} ${child.spawnargs.slice(2).join(" ")} still running after ${CHILD_TIMEOUT_MS / 1000} s`));
    }, CHILD_TIMEOUT_MS);
    child.on("error", reject);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}
