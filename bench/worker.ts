/**
 * Each measurement runs in a child process of the benchmark, so that its
 * peak RSS is its own and one size's garbage does not slow the next.
 */
import { fork } from "node:child_process";

const WORKER_FLAG = "--bench-worker";

export interface Measured<R> {
  result: R;
  /** The child's resident-set high-water mark. */
  peakRssMb: number;
}

/** Runs `job` in a fresh copy of this script (the bundled dist/bench.js), in `env` when given (else this process's). */
export function inChild<R>(job: object, env?: NodeJS.ProcessEnv): Promise<Measured<R>> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1], [WORKER_FLAG, JSON.stringify(job)], { stdio: "inherit", ...(env && { env }) });
    let answer: { result?: R; peakRssMb?: number; error?: string } | undefined;
    child.on("message", (message) => (answer = message as typeof answer));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (answer?.error) reject(new Error(answer.error));
      else if (answer && answer.result !== undefined) resolve({ result: answer.result, peakRssMb: answer.peakRssMb! });
      else reject(new Error(`benchmark worker exited with code ${code} and no result`));
    });
  });
}

/** In a worker, runs its job with `run` and reports back; returns false in the parent. */
export async function serveIfWorker(run: (job: any) => Promise<unknown>): Promise<boolean> {
  const at = process.argv.indexOf(WORKER_FLAG);
  if (at < 0) return false;
  let message: object;
  try {
    const result = await run(JSON.parse(process.argv[at + 1]));
    // maxRSS is in kilobytes.
    message = { result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  } catch (error) {
    message = { error: (error as Error).stack ?? String(error) };
  }
  // Exit once the message is out: an idle keep-alive timer must not hold the benchmark up.
  process.send!(message, () => process.exit(0));
  return true;
}
