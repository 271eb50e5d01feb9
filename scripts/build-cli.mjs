// Bundles the CLI to dist/cli/: main.js, and a chunk per subcommand that main.js imports only when
// the command line names it (the AWS SDK stays unloaded for --version and --help), and per collector,
// imported with its AWS SDK client only when a run runs it (src/collect/index.ts).
// The packages are bundled too: Node then loads a few chunks rather than hundreds of the SDK's files,
// each resolved, read and, for CommonJS, scanned for its exports (half of `audit`'s time to its first request).
import { build } from "esbuild";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

// `node scripts/build-cli.mjs DIR` builds elsewhere (the tests do); `--metafile` also writes DIR/meta.json,
// esbuild's account of which sources went into which chunk.
const { positionals, values } = parseArgs({ allowPositionals: true, options: { metafile: { type: "boolean", default: false } } });
const outdir = positionals[0] ?? "dist/cli";
// Chunk names carry a content hash: the previous build's would otherwise stay beside the new ones.
rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  // The organization run's worker threads start from a script of their own (src/cli/organization-workers.ts).
  entryPoints: { main: "src/cli/bin.ts", "account-worker": "src/cli/account-worker.ts" },
  outdir,
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // The SDK's ES modules: each client's chunk then holds the commands the collectors use, not all of them.
  mainFields: ["module", "main"],
  // The CommonJS packages bundled (commander, proper-lockfile, ...) require Node's modules.
  banner: { js: 'import { createRequire as __driftwardenRequire } from "node:module"; const require = __driftwardenRequire(import.meta.url);' },
  sourcemap: true,
  sourcesContent: false,
  metafile: values.metafile,
  logLevel: "warning",
});
if (metafile) writeFileSync(join(outdir, "meta.json"), JSON.stringify(metafile));
