/** Sizes of the packaged Lambda bundles, when `serverless package` has produced them. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export type LambdaBundles = { bundles: { file: string; bytes: number }[] } | { note: string };

export function lambdaBundleSizes(root = process.cwd()): LambdaBundles {
  const dir = join(root, ".serverless");
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".zip"));
  } catch {
    files = [];
  }
  if (files.length === 0) return { note: "no .serverless/*.zip: run `npx sls package` first" };
  return { bundles: files.sort().map((file) => ({ file, bytes: statSync(join(dir, file)).size })) };
}
