import { jest } from "@jest/globals";
import { main } from "../../src/cli/main.js";

/** Runs the CLI in process and captures what it prints and its exit code. */
export async function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk: any) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk: any) => ((stderr += String(chunk)), true));
  const previousExitCode = process.exitCode;
  try {
    process.exitCode = undefined;
    const code = await main(["node", "driftwarden", ...args]);
    return { code, stdout, stderr };
  } finally {
    process.exitCode = previousExitCode;
    out.mockRestore();
    err.mockRestore();
  }
}
