/**
 * Output longer than the terminal goes through a pager, as git's does, so the
 * first screen is the top of the report (the first audit's critical failures),
 * not its tail. Only when both ends are a terminal; PAGER chooses the program
 * (less with -FRX by default: it quits at once when the text fits, keeps colors
 * and leaves the text on the screen); PAGER=cat or DRIFTWARDEN_PAGER=0 turns it off.
 */
import { spawn as spawnProcess } from "node:child_process";

export interface Terminal {
  interactive: boolean;
  rows: number;
  env: NodeJS.ProcessEnv;
  spawn: typeof spawnProcess;
}

const processTerminal = (): Terminal => ({
  interactive: Boolean(process.stdout.isTTY && process.stdin.isTTY),
  rows: process.stdout.rows ?? 24,
  env: process.env,
  spawn: spawnProcess,
});

/** The pager command to run for `text`, or undefined to write it directly. */
export function pagerFor(text: string, terminal: Pick<Terminal, "interactive" | "rows" | "env">): string | undefined {
  if (!terminal.interactive || terminal.env.DRIFTWARDEN_PAGER === "0") return undefined;
  const pager = (terminal.env.DRIFTWARDEN_PAGER || terminal.env.PAGER || "less").trim();
  if (pager === "" || pager === "cat") return undefined;
  let lines = 0;
  for (let at = text.indexOf("\n"); at >= 0 && lines < terminal.rows; at = text.indexOf("\n", at + 1)) lines++;
  return lines >= terminal.rows ? pager : undefined;
}

/** Writes `text` through the pager when it is longer than the terminal; directly otherwise, or when the pager cannot start. */
export async function writePaged(text: string, terminal: Terminal = processTerminal()): Promise<void> {
  const pager = pagerFor(text, terminal);
  if (!pager) {
    process.stdout.write(text);
    return;
  }
  const started = await new Promise<boolean>((resolve) => {
    const child = terminal.spawn(pager, { shell: true, stdio: ["pipe", "inherit", "inherit"], env: { LESS: "FRX", ...terminal.env } });
    child.on("error", () => resolve(false));
    // The shell answers 127 for a pager that is not installed: the text has not been shown.
    child.on("close", (code) => resolve(code !== 127));
    // A pager quit before reading everything (q in less) closes its stdin: not an error.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(text);
  });
  if (!started) process.stdout.write(text);
}
