/**
 * `npm run demo`: two nights of the bundled demo account, no AWS account
 * needed. Night 1 records the baseline state; night 2 (someone opened SSH,
 * switched a database to single-AZ, deleted an ASG and added a distribution)
 * shows the findings, the drift and the transitions, each named with who made
 * it from the night's CloudTrail log (examples/webapp-account-next.events.json),
 * and writes report.html.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../src/cli/main.js";

const state = await mkdtemp(join(tmpdir(), "driftwarden-demo-"));
const audit = (snapshot: string, ...extra: string[]) =>
  main(["node", "driftwarden", "audit", "--snapshot", snapshot, "--state-dir", state, "--fail-on", "none", ...extra]);

try {
  process.stdout.write("Night 1: auditing examples/webapp-account.json\n\n");
  const night1 = join(state, "night-1.txt");
  await audit("examples/webapp-account.json", "--quiet", "--output", night1);
  // Night 1 has no history yet: its closing summary line is enough here.
  process.stdout.write(`${(await readFile(night1, "utf8")).trim().split("\n").at(-1)}\n`);
  process.stdout.write("\nNight 2: auditing examples/webapp-account-next.json, with what changed since night 1 and who changed it\n\n");
  const code = await audit("examples/webapp-account-next.json", "--events", "examples/webapp-account-next.events.json", "--html", "report.html");
  process.exitCode = code;
} finally {
  await rm(state, { recursive: true, force: true });
}
