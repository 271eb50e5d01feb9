// Loads a TypeScript module of the project for serverless.yml variables: osls resolves
// ${file(x.cjs):fn} from CommonJS, and the policy and table come from the ESM sources.
const { build } = require("esbuild");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

async function loadTs(entry) {
  const outfile = join(__dirname, "..", ".esbuild", "deploy", entry.replace(/[/.]/g, "_") + ".mjs");
  await build({ entryPoints: [join(__dirname, "..", entry)], bundle: true, platform: "node", format: "esm", packages: "external", outfile, logLevel: "error" });
  return import(pathToFileURL(outfile).href);
}

module.exports = { loadTs };
