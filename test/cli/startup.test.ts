/**
 * --version and --help load no subcommand (and so no AWS SDK): the bundled
 * CLI answers them in about Node's own start-up time. A command loads an AWS
 * SDK client only when it makes that client's requests. The root help lists the
 * subcommands from src/cli/command-index.ts, which must say what they say.
 * The bundle (packages included) leaves out what no command uses, and its
 * output ends cleanly when its reader stops early.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Help } from "commander";
import type { Metafile } from "esbuild";
import { execFile, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { COMMANDS, namedCommand } from "../../src/cli/command-index.js";

const run = promisify(execFile);
// Under test-output/, beside the other tests' outputs.
const outdir = join("test-output", `cli-build-${process.pid}`);

/**
 * A module to --import that fails the loading of any package whose name starts with `prefix`, in the process it is
 * loaded into: imported by name, or bundled into a chunk of the CLI (the build's metafile says which chunk holds what).
 */
function failingLoadOf(prefix: string, message: string): string {
  const chunks = packagesByChunk(metafile());
  const banned = Object.fromEntries([...chunks].flatMap(([chunk, packages]) => {
    const matching = packages.filter((name) => name.startsWith(prefix));
    return matching.length > 0 ? [[chunk, matching.join(", ")]] : [];
  }));
  const hooks = `
    const banned = ${JSON.stringify(banned)};
    const fail = (what) => { throw new Error(${JSON.stringify(message)} + ": " + what); };
    export async function resolve(s, c, next) { if (s.startsWith(${JSON.stringify(prefix)})) fail(s); return next(s, c); }
    export async function load(url, c, next) { const file = url.slice(url.lastIndexOf("/") + 1); if (banned[file]) fail(banned[file]); return next(url, c); }`;
  return `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hooks)}));`)}`;
}

let built: Metafile | undefined;
/** What the build says went into which chunk. */
const metafile = () => (built ??= JSON.parse(readFileSync(join(outdir, "meta.json"), "utf8")) as Metafile);

/** Each chunk's file name → the packages bundled into it. */
function packagesByChunk(build: Metafile): Map<string, string[]> {
  const chunks = new Map<string, string[]>();
  for (const [path, output] of Object.entries(build.outputs)) {
    const packages = new Set(Object.keys(output.inputs).flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? []));
    chunks.set(basename(path), [...packages].sort());
  }
  return chunks;
}

const cliWith = (hook: () => string) => (...args: string[]) => run(process.execPath, ["--import", hook(), join(outdir, "main.js"), ...args], { env: { ...process.env, NODE_OPTIONS: "" } });
// Fails any loading of the AWS SDK.
const cli = cliWith(() => failingLoadOf("@aws-sdk/", "AWS SDK loaded"));
// Fails any loading of an AWS SDK client (the credential providers are no client).
const cliWithoutClients = cliWith(() => failingLoadOf("@aws-sdk/client-", "AWS SDK client loaded"));

beforeAll(() => run(process.execPath, ["scripts/build-cli.mjs", outdir, "--metafile"]), 60_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("the bundled CLI's start-up", () => {
  it("prints the package's version without loading the AWS SDK", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8"));
    const started = performance.now();
    const { stdout } = await cli("--version");
    process.stdout.write(`driftwarden --version: ${(performance.now() - started).toFixed(0)} ms\n`);
    expect(stdout.trim()).toBe(version);
  });

  it("prints the root help, listing every command, without loading the AWS SDK", async () => {
    const { stdout } = await cli("--help");
    for (const entry of COMMANDS) expect(stdout).toContain(entry.term);
  });

  it("loads the SDK for a command that needs it (the check above would see it)", async () => {
    await expect(cli("iam-policy")).rejects.toThrow("AWS SDK loaded: @aws-sdk/");
  });
});

describe("the bundled CLI's AWS SDK clients", () => {
  it("are not loaded by an audit of a saved snapshot: a collector's client loads only when it runs", async () => {
    // Exit code 1: the demo account has failing findings.
    const { stdout, stderr, code } = await cliWithoutClients("audit", "--snapshot", "examples/webapp-account.json", "--no-state", "--format", "json").then(
      (done) => ({ ...done, code: 0 }),
      (error: { stdout: string; stderr: string; code: number }) => error,
    );
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    expect(JSON.parse(stdout).run.accountId).toBe("111122223333");
  });

  it("are not loaded by iam-policy or member-role: they read the collectors' specs", async () => {
    expect(JSON.parse((await cliWithoutClients("iam-policy")).stdout).Statement[0].Action).toContain("ec2:DescribeInstances");
    expect((await cliWithoutClients("member-role")).stdout).toContain("ec2:DescribeInstances");
  });

  it("are loaded by a live audit, STS's first (the check above would see them)", async () => {
    await expect(cliWithoutClients("audit", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1", "--no-state")).rejects.toThrow("AWS SDK client loaded: @aws-sdk/client-sts");
  });
});

describe("the bundled CLI's size", () => {
  it("leaves out the parts of zod no schema uses (imported as a namespace: `import * as z`, not `import { z }`, which brings all of it, every locale too)", () => {
    const inputs = Object.values(metafile().outputs).flatMap((output) => Object.keys(output.inputs));
    const locales = inputs.filter((input) => /node_modules\/zod\/v4\/locales\//.test(input) && !input.endsWith("/en.js"));
    expect(locales).toEqual([]);
    // The check above would see them: zod is bundled.
    expect(inputs.some((input) => input.includes("node_modules/zod/"))).toBe(true);
  });
});

describe("the bundled CLI's output", () => {
  it("read by a reader that stops early (`| head`): the run ends as it would have, without an error", async () => {
    const child = spawn(process.execPath, [join(outdir, "main.js"), "audit", "--snapshot", "examples/webapp-account.json", "--no-state", "--format", "json"], { env: { ...process.env, NODE_OPTIONS: "" } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // The first chunk read, the pipe is closed: the report's later writes find no reader.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    // Exit code 1: the demo account has failing findings, as a run read to the end says.
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
  });
});

describe("the command index", () => {
  it("lists each command with the loaded command's name, help term and description", async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect({ name: command.name(), term: new Help().subcommandTerm(command), description: command.description() }).toEqual({
        name: entry.name,
        term: entry.term,
        description: entry.description,
      });
    }
  });

  it("names the command from the first operand, or the one after help", () => {
    expect(namedCommand(["audit", "--format", "json"])).toBe("audit");
    expect(namedCommand(["--help"])).toBeUndefined();
    expect(namedCommand(["help", "diff"])).toBe("diff");
  });
});
