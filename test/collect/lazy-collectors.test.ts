/**
 * A collector's module, and the AWS SDK client it imports, loads only when a
 * run runs it: the policies, the run plan and --services read the specs
 * (src/collect/specs.ts) and load none, and a run loads the collectors it
 * runs, each failing on its own if it cannot be loaded.
 */
import { describe, expect, it } from "@jest/globals";
import { build } from "esbuild";
import type { Metafile } from "esbuild";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allRules } from "../../rules/index.js";
import type { LazyCollector } from "../../src/collect/collector.js";
import { allCollectors } from "../../src/collect/index.js";
import { collectAccount } from "../../src/collect/run.js";
import { ec2Spec } from "../../src/collect/specs.js";
import { requestedServices } from "../../src/cli/shared-options.js";
import { defaultConfig } from "../../src/config/config.js";
import { collectPlanned, planRun } from "../../src/run-plan.js";
import { testClock } from "../support/clock.js";
import { testCredentials } from "../support/collect.js";
import { syntheticAccount } from "../support/synthetic/account.js";
import { syntheticEndpoint } from "../support/synthetic/fake-endpoint.js";

// In the order a snapshot sorts its errors.
const REGIONS = ["eu-west-1", "us-east-1"];
const account = syntheticAccount({ resources: 200, seed: 5, regions: REGIONS });

const collect = (collectors: LazyCollector[]) => {
  const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
  return collectAccount({ accountId: account.accountId, regions: REGIONS, collectors, credentials: testCredentials, plugins: [endpoint.plugin], now: testClock });
};

describe("the metadata users", () => {
  it("import no AWS SDK client: allCollectors, --services, the IAM policies and the member role read only the collectors' specs", async () => {
    // Bundled as the CLI is (scripts/build-cli.mjs), in memory: a dynamic import becomes a chunk of its own, so the static imports are what loading the module loads.
    const entryPoints = ["src/collect/index.ts", "src/collect/services.ts", "src/deploy/iam-policy.ts", "src/deploy/member-role.ts"];
    const { metafile } = await build({ entryPoints, outdir: join(tmpdir(), "driftwarden-lazy"), bundle: true, splitting: true, format: "esm", platform: "node", packages: "external", metafile: true, write: false, logLevel: "silent" });
    const outputOf = (entry: string) => Object.keys(metafile.outputs).find((path) => metafile.outputs[path]!.entryPoint === entry)!;
    for (const entry of entryPoints) {
      expect({ entry, clients: clientsOf(importsOf(metafile, outputOf(entry))) }).toEqual({ entry, clients: [] });
    }
    // The check above would see a client: each collector's chunk, imported dynamically, brings its own.
    const lazy = importsOf(metafile, outputOf("src/collect/index.ts")).filter((i) => i.kind === "dynamic-import");
    expect(lazy).toHaveLength(allCollectors.length);
    const clients = lazy.map((chunk) => clientsOf(importsOf(metafile, chunk.path)));
    expect(clients.filter((c) => c.length === 0)).toEqual([]);
    expect(clients.flat()).toContain("@aws-sdk/client-ec2");
  });
});

describe("the lazy collectors", () => {
  it("each load the collector of their own spec", async () => {
    for (const lazy of allCollectors) {
      const { load: _, ...spec } = lazy;
      const loaded = await lazy.load();
      expect({ service: loaded.service, scope: loaded.scope, resourceTypes: loaded.resourceTypes, permissions: loaded.permissions, targetedTypes: loaded.targetedTypes }).toEqual({ targetedTypes: undefined, ...spec });
      expect(typeof loaded.collect).toBe("function");
    }
  });

  it("a collector that cannot be loaded is its service's collection error in each region; the other collectors' records are all returned", async () => {
    const missing = Object.assign(new Error("Cannot find module '/opt/driftwarden/dist/cli/collector-EC2.js' imported from /opt/driftwarden/dist/cli/main.js"), { code: "ERR_MODULE_NOT_FOUND" });
    const clean = await collect(allCollectors);
    const broken = await collect(allCollectors.map((c) => (c.service === "ec2" ? { ...c, load: () => Promise.reject(missing) } : c)));
    expect(broken.errors).toEqual(REGIONS.map((region) => ({ service: "ec2", region, operation: "collect", resourceTypes: ec2Spec.resourceTypes, code: "ERR_MODULE_NOT_FOUND", message: missing.message })));
    expect(clean.errors).toEqual([]);
    const others = clean.resources.filter((r) => !ec2Spec.resourceTypes.includes(r.type));
    expect(others.length).toBeGreaterThan(0);
    expect(broken.resources).toEqual(others);
  });

  it("a run of some services loads only their collectors", async () => {
    const loaded: string[] = [];
    const counted = allCollectors.map((c): LazyCollector => ({ ...c, load: () => (loaded.push(c.service), c.load()) }));
    const plan = await planRun({ config: defaultConfig(allRules), services: requestedServices({ services: ["ec2"] }), connection: {}, accountId: account.accountId, regions: REGIONS });
    const endpoint = syntheticEndpoint(account, { latencyMs: 0, throttling: false });
    const snapshot = await collectPlanned(plan, { ...plan.accounts[0]!, connection: { credentials: testCredentials } }, { collectors: counted, now: testClock, plugins: [endpoint.plugin] });
    expect(snapshot.errors).toEqual([]);
    expect(new Set(snapshot.resources.map((r) => r.type))).toEqual(new Set(ec2Spec.resourceTypes));
    expect([...new Set(loaded)]).toEqual(["ec2"]);
  });
});

/** The imports of a module of the build and of the modules it imports statically: what loading it runs, and what it may import later. */
function importsOf(metafile: Metafile, path: string, seen = new Set<string>()): Metafile["outputs"][string]["imports"] {
  if (seen.has(path)) return [];
  seen.add(path);
  const imports = metafile.outputs[path]!.imports;
  return [...imports, ...imports.filter((i) => i.kind === "import-statement" && !i.external).flatMap((i) => importsOf(metafile, i.path, seen))];
}

/** The AWS SDK client packages imported statically. */
function clientsOf(imports: ReturnType<typeof importsOf>): string[] {
  return [...new Set(imports.filter((i) => i.kind === "import-statement" && i.external && i.path.startsWith("@aws-sdk/client-")).map((i) => i.path))];
}
