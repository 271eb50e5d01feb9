/**
 * --version and --help load no subcommand (and so no AWS SDK): the bundled
 * CLI answers them in about Node's own start-up time. A command loads an AWS
 * SDK client only when it makes that client's requests. The root help lists the
 * subcommands from src/cli/command-index.ts, which must say what they say.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Help } from "commander";
import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { COMMANDS, namedCommand } from "../../src/cli/command-index.js";

const run = promisify(execFile);
// Inside the repository, so that the bundle's packages resolve from its node_modules.
const outdir = join("test-output", `cli-build-${process.pid}`);
// Fails any import of the AWS SDK in the process it is loaded into.
const noSdk = `data:text/javascript,${encodeURIComponent(`
  import { register } from "node:module";
  register("data:text/javascript," + encodeURIComponent(
    "export async function resolve(s, c, next) { if (s.startsWith('@aws-sdk/')) throw new Error('AWS SDK loaded: ' + s); return next(s, c); }"));
`)}`;

// Fails any import of an AWS SDK client (the credential providers are no client).
const noClient = `data:text/javascript,${encodeURIComponent(`
  import { register } from "node:module";
  register("data:text/javascript," + encodeURIComponent(
    "export async function resolve(s, c, next) { if (s.startsWith('@aws-sdk/client-')) throw new Error('AWS SDK client loaded: ' + s); return next(s, c); }"));
`)}`;

const cli = (...args: string[]) => run(process.execPath, ["--import", noSdk, join(outdir, "main.js"), ...args], { env: { ...process.env, NODE_OPTIONS: "" } });
const cliWithoutClients = (...args: string[]) => run(process.execPath, ["--import", noClient, join(outdir, "main.js"), ...args], { env: { ...process.env, NODE_OPTIONS: "" } });

beforeAll(() => run(process.execPath, ["scripts/build-cli.mjs", outdir]), 60_000);
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
