/**
 * The run's client configuration: the settings every SDK client would look up
 * on its own are looked up once per run, from the run's profile, with the
 * answers the SDK's own lookup gives.
 */
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EC2Client } from "@aws-sdk/client-ec2";
import { clientConfigFactory } from "../../src/collect/client-config.js";

const SETTINGS = ["AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_SDK_UA_APP_ID", "AWS_AUTH_SCHEME_PREFERENCE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_PROFILE"];
let saved: Record<string, string | undefined>;
let directory: string;

beforeEach(() => {
  saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
  for (const name of SETTINGS) delete process.env[name];
  directory = mkdtempSync(join(tmpdir(), "driftwarden-client-config-"));
  // No shared file of the machine's: only what each test writes.
  process.env.AWS_CONFIG_FILE = join(directory, "config");
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(directory, "credentials");
});

afterEach(() => {
  for (const name of SETTINGS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  rmSync(directory, { recursive: true, force: true });
});

describe("clientConfigFactory", () => {
  it("gives every region's clients the same settings, each looked up once", () => {
    const configFor = clientConfigFactory({});
    const east = configFor("us-east-1");
    const west = configFor("eu-west-1");
    expect(east.region).toBe("us-east-1");
    expect(west.region).toBe("eu-west-1");
    for (const setting of ["useFipsEndpoint", "useDualstackEndpoint", "userAgentAppId", "authSchemePreference"] as const) {
      expect(typeof east[setting]).toBe("function");
      expect(west[setting]).toBe(east[setting]);
    }
    // And one transport for the clients of every account (transport.ts).
    expect(west.requestHandler).toBe(east.requestHandler);
    expect(clientConfigFactory({ profile: "prod" })("us-east-1").requestHandler).toBe(east.requestHandler);
  });

  it("answers as the SDK's own lookup: defaults without settings", async () => {
    const config = clientConfigFactory({})("us-east-1");
    expect(await config.useFipsEndpoint()).toBe(false);
    expect(await config.useDualstackEndpoint()).toBe(false);
    expect(await config.userAgentAppId()).toBeUndefined();
    expect(await config.authSchemePreference()).toEqual([]);
  });

  it("reads the environment, and a client built from it resolves the FIPS and dual-stack endpoint", async () => {
    Object.assign(process.env, { AWS_USE_FIPS_ENDPOINT: "true", AWS_USE_DUALSTACK_ENDPOINT: "true", AWS_SDK_UA_APP_ID: "nightly-audit", AWS_AUTH_SCHEME_PREFERENCE: "sigv4a,sigv4" });
    const config = clientConfigFactory({})("us-east-1");
    expect(await config.useFipsEndpoint()).toBe(true);
    expect(await config.userAgentAppId()).toBe("nightly-audit");
    expect(await config.authSchemePreference()).toEqual(["sigv4a", "sigv4"]);
    const client = new EC2Client(config);
    expect(await client.config.useFipsEndpoint()).toBe(true);
    expect(await client.config.useDualstackEndpoint()).toBe(true);
    client.destroy();
  });

  it("reads the shared config file's section of the run's profile, not the default one", async () => {
    writeFileSync(process.env.AWS_CONFIG_FILE!, ["[default]", "use_fips_endpoint = false", "", "[profile prod]", "use_fips_endpoint = true", "sdk_ua_app_id = prod-audit", ""].join("\n"));
    writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE!, ["[prod]", "aws_access_key_id = AKIDPRODEXAMPLE", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""].join("\n"));
    const prod = clientConfigFactory({ profile: "prod" })("us-east-1");
    expect(await prod.useFipsEndpoint()).toBe(true);
    expect(await prod.userAgentAppId()).toBe("prod-audit");
    const byDefault = clientConfigFactory({})("us-east-1");
    expect(await byDefault.useFipsEndpoint()).toBe(false);
  });
});
