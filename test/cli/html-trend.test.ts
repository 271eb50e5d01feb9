/** The HTML report the CLI writes draws the trend from the runs its state directory holds. */
import { beforeEach, describe, expect, it } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../support/run-cli.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const A = "examples/webapp-account.json";
const B = "examples/webapp-account-next.json";
const tempDirectory = temporaryDirectories("driftwarden-html-trend-");
let dir: string;

beforeEach(async () => {
  dir = await tempDirectory();
});

async function auditToHtml(snapshot: string, ...extra: string[]): Promise<string> {
  const html = join(dir, "report.html");
  const { code } = await runCli("audit", "--snapshot", snapshot, "--format", "json", "--output", join(dir, "report.json"), "--html", html, "--quiet", ...extra);
  expect(code).toBe(1);
  return readFile(html, "utf8");
}

describe("audit --html with a state directory", () => {
  it("draws failures over the recorded runs, this one included", async () => {
    const state = join(dir, "state");
    expect(await auditToHtml(A, "--state-dir", state)).not.toContain("Failing findings over the last");
    const second = await auditToHtml(B, "--state-dir", state);
    expect(second).toContain('<title id="chart-trend-title">Failing findings over the last 2 runs</title>');
  });

  it("draws no trend without state", async () => {
    expect(await auditToHtml(B, "--no-state")).not.toContain('id="chart-trend-title"');
  });
});
