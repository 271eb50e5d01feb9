// Bundles the CLI to dist/cli/: main.js, and a chunk per subcommand that main.js imports only when
// the command line names it (the AWS SDK stays unloaded for --version and --help), and per collector,
// imported with its AWS SDK client only when a run runs it (src/collect/index.ts).
import { build } from "esbuild";
import { rmSync } from "node:fs";

// `node scripts/build-cli.mjs DIR` builds elsewhere (the tests do).
const outdir = process.argv[2] ?? "dist/cli";
// Chunk names carry a content hash: the previous build's would otherwise stay beside the new ones.
rmSync(outdir, { recursive: true, force: true });
await build({
  // The organization run's worker threads start from a script of their own (src/cli/organization-workers.ts).
  entryPoints: { main: "src/cli/bin.ts", "account-worker": "src/cli/account-worker.ts" },
  outdir,
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
