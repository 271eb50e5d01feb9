// `npm run mutation [group ...]`: runs Stryker group by group (stryker.config.mjs), then prints the mutation
// score of every module in scope from the groups' reports, and fails when a group scores below the threshold.
// A group's report stays until that group runs again, so the table also shows groups not run this time.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { breakAt, groups } from "../stryker.config.mjs";

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in groups));
if (unknown.length > 0) {
  console.error(`not a group: ${unknown.join(", ")}; the groups: ${Object.keys(groups).join(", ")}`);
  process.exit(2);
}

for (const group of asked.length > 0 ? asked : Object.keys(groups)) {
  console.log(`\n== mutation testing: ${group} (${groups[group].join(", ")})`);
  const run = spawnSync("npx", ["stryker", "run"], { stdio: "inherit", env: { ...process.env, MUTATE_GROUP: group } });
  // Stryker exits 1 below its break threshold: the table below says so for every group at once.
  if (run.status !== 0 && run.status !== 1) process.exit(run.status ?? 1);
}

const detected = ["Killed", "Timeout"];
const undetected = ["Survived", "NoCoverage"];
const rows = [];
const failing = [];
for (const group of Object.keys(groups)) {
  const file = `reports/mutation/${group}.json`;
  if (!existsSync(file)) {
    rows.push([group, "not run", "", "", "", "", ""]);
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, errors: 0 };
  for (const [module, { mutants }] of Object.entries(report.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, errors: 0 };
    for (const { status } of mutants) {
      if (status in count) count[status] += 1;
      else if (status !== "Ignored") count.errors += 1;
    }
    for (const key of Object.keys(total)) total[key] += count[key];
    rows.push(["  " + module, ...row(count)]);
  }
  const [score] = row(total);
  rows.push([group, ...row(total)]);
  if (parseFloat(score) < breakAt) failing.push(`${group} ${score}`);
}

function row(count) {
  const found = detected.reduce((sum, status) => sum + count[status], 0);
  const valid = found + undetected.reduce((sum, status) => sum + count[status], 0);
  const score = valid === 0 ? "n/a" : `${((100 * found) / valid).toFixed(1)} %`;
  return [score, count.Killed, count.Timeout, count.Survived, count.NoCoverage, count.errors];
}

const header = ["module", "score", "killed", "timed out", "survived", "no coverage", "compile/runtime errors"];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => String(cells[column]).length)));
for (const cells of [header, ...rows]) {
  console.log(cells.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[0]) : String(cell).padStart(widths[column]))).join("  "));
}
if (failing.length > 0) {
  console.error(`\nbelow ${breakAt} %: ${failing.join(", ")}`);
  process.exit(1);
}
