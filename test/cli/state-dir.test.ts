/**
 * The state directory as the CLI uses it: prepared before the account is
 * read, held by one run at a time, and never left half-written. A run that
 * cannot be recorded still writes its report.
 */
import { beforeEach, describe, expect, it } from "@jest/globals";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { AuditReport } from "../../src/publish/report/audit-report.js";
import { FileFindingsStore } from "../../src/publish/store/file-store.js";
import { testClock } from "../support/clock.js";
import { runCli } from "../support/run-cli.js";
import { DEMO_ACCOUNT as ACCOUNT, DEMO_NIGHT_1 as A, DEMO_NIGHT_2 as B } from "../support/demo.js";
import { temporaryDirectories } from "../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-state-");
let dir: string;
let state: string;

beforeEach(async () => {
  dir = await tempDirectory();
  state = join(dir, "state");
});

/** Every file under `root` with its content, to show that nothing changed. */
async function contents(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path)] = await readFile(path, "utf8");
  }
  return files;
}

describe("the state directory", () => {
  it("is created when only its last level is missing, as is the --output directory, and keeps no probe or lock behind", async () => {
    const report = join(dir, "reports", "audit.json");
    const { code, stderr } = await runCli("audit", "--snapshot", A, "--state-dir", state, "--format", "json", "--output", report, "--quiet");
    expect([code, stderr]).toEqual([1, ""]);
    expect((JSON.parse(await readFile(report, "utf8")) as AuditReport).run.accountId).toBe(ACCOUNT);
    expect(await readdir(state)).toEqual([ACCOUNT]);
  });

  it("when the run cannot be recorded, still writes the report and the HTML, says so in one line and exits 2", async () => {
    // The snapshots folder is a file: the directory takes the write probe, but recording fails after evaluation.
    await mkdir(join(state, ACCOUNT), { recursive: true });
    await writeFile(join(state, ACCOUNT, "snapshots"), "in the way");
    const report = join(dir, "report.json");
    const html = join(dir, "report.html");
    const { code, stdout, stderr } = await runCli("audit", "--snapshot", A, "--state-dir", state, "--format", "json", "--output", report, "--html", html);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const lines = stderr.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("driftwarden:"))).toEqual([expect.stringMatching(new RegExp(`^driftwarden: the run was not recorded in ${state} \\(.*snapshots.*\\); the next audit compares with the last recorded run$`))]);
    expect(lines).toEqual([`report written to ${report}`, `HTML report written to ${html}`, expect.stringMatching(/^driftwarden: the run was not recorded/)]);
    expect((JSON.parse(await readFile(report, "utf8")) as AuditReport).findings.length).toBeGreaterThan(100);
    expect(await readFile(html, "utf8")).toMatch(/^<!doctype html>/i);
    expect(await readdir(join(state, ACCOUNT))).toEqual(["snapshots"]);
  });

  it("is held by one run at a time: a second one waits --lock-wait, then exits 2 with one line and changes nothing", async () => {
    expect((await runCli("audit", "--snapshot", A, "--state-dir", state, "--fail-on", "none")).code).toBe(0);
    const before = await contents(state);
    const held = await new FileFindingsStore({ directory: state, now: testClock }).lock(ACCOUNT);
    try {
      const report = join(dir, "report.json");
      const { code, stdout, stderr } = await runCli("audit", "--snapshot", B, "--state-dir", state, "--output", report, "--lock-wait", "0.2");
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n")).toEqual([
        `driftwarden: another driftwarden run holds the state directory ${state} for account ${ACCOUNT} (waited 0.2 s); try again when it ends`,
      ]);
      await expect(stat(report)).rejects.toThrow(/ENOENT/);
      expect(await contents(state)).toEqual(before);
    } finally {
      await held.release();
    }
    // Released, the same run goes through and sees the drift since the first one.
    const { code, stdout } = await runCli("audit", "--snapshot", B, "--state-dir", state, "--format", "json", "--lock-wait", "0");
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as AuditReport).drift?.added.map((r) => r.id)).toEqual(["E4PROMO5EXAMPLE"]);
  });

  it("that the system refuses to read is one line and exit 2, not a stack trace", async () => {
    await mkdir(state);
    await writeFile(join(state, ACCOUNT), "a file where the account's folder goes");
    const { code, stdout, stderr } = await runCli("audit", "--snapshot", A, "--state-dir", state);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`^driftwarden: ENOTDIR: not a directory, open '${state}/${ACCOUNT}/runs\\.json'$`))]);
  });

  it("is only read by a dry run: no lock taken, nothing created", async () => {
    const missing = join(dir, "never-created");
    const { code } = await runCli("audit", "--snapshot", A, "--state-dir", missing, "--notify-preview");
    expect(code).toBe(0);
    await expect(stat(missing)).rejects.toThrow(/ENOENT/);
  });
});
