import { describe, expect, it } from "@jest/globals";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, readdir, utimes } from "node:fs/promises";
import { join } from "node:path";
import { FileFindingsStore, StoreLockedError } from "../../../src/publish/store/file-store.js";
import { ACCOUNT } from "../../support/builders.js";
import { testClock } from "../../support/clock.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";

const tempDirectory = temporaryDirectories("driftwarden-lock-");

const store = (directory: string, lockWaitMs = 0) => new FileFindingsStore({ directory, now: testClock, lockWaitMs });

describe("file store lock", () => {
  it("lets one holder in at a time: the next waits lockWaitMs, then is refused; once released it gets in", async () => {
    const directory = await tempDirectory();
    const held = await store(directory).lock(ACCOUNT);
    const refused = store(directory, 200).lock(ACCOUNT);
    await expect(refused).rejects.toThrow(StoreLockedError);
    await expect(refused).rejects.toThrow(`another driftwarden run holds the state directory ${directory} for account ${ACCOUNT} (waited 0.2 s); try again when it ends`);
    held.assertHeld();
    await held.release();
    const next = await store(directory).lock(ACCOUNT);
    await next.release();
    expect(await readdir(directory)).toEqual([]);
  });

  it("waits for a holder that releases within the wait", async () => {
    const directory = await tempDirectory();
    const held = await store(directory).lock(ACCOUNT);
    setTimeout(() => void held.release(), 150);
    const next = await store(directory, 5000).lock(ACCOUNT);
    await next.release();
  });

  it("holds each account apart", async () => {
    const directory = await tempDirectory();
    const one = await store(directory).lock(ACCOUNT);
    const other = await store(directory).lock("210987654321");
    await Promise.all([one.release(), other.release()]);
  });

  it("takes over the lock of a run that died, once it went stale", async () => {
    const directory = await tempDirectory();
    const abandoned = join(directory, `${ACCOUNT}.lock`);
    await mkdir(abandoned);
    const longAgo = new Date("2000-01-01T00:00:00Z");
    await utimes(abandoned, longAgo, longAgo);
    const next = await store(directory).lock(ACCOUNT);
    await next.release();
  });

  it("is a lock between processes, not only between stores of one process", async () => {
    const directory = await tempDirectory();
    const target = join(directory, ACCOUNT);
    // Another process takes the lock the way the store does, says so, and keeps it until its stdin closes.
    const script = `require("proper-lockfile").lock(${JSON.stringify(target)}, { realpath: false, lockfilePath: ${JSON.stringify(`${target}.lock`)} })
      .then((release) => { process.stdout.write("held\\n"); process.stdin.on("end", () => release()).resume(); });`;
    const other = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
    try {
      await once(other.stdout!, "data");
      await expect(store(directory, 100).lock(ACCOUNT)).rejects.toThrow(StoreLockedError);
    } finally {
      other.stdin!.end();
      await once(other, "exit");
    }
    const next = await store(directory).lock(ACCOUNT);
    await next.release();
  });

  it("refuses an account id that would leave the store directory", async () => {
    await expect(store(await tempDirectory()).lock("../elsewhere")).rejects.toThrow(/invalid account id/);
  });
});
