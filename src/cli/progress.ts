import { SingleBar } from "cli-progress";
import type { ProgressEvent } from "../collect/run.js";

/**
 * A progress bar on stderr while collecting, only when stderr is a terminal,
 * so piped and --format json output stays clean.
 */
export function collectionProgress(stream: NodeJS.WriteStream = process.stderr): { onProgress?: (e: ProgressEvent) => void; stop(): void } {
  if (!stream.isTTY) return { stop() {} };
  const bar = new SingleBar({
    stream,
    format: "collecting {bar} {value}/{total} service-regions | {last} | {errors} errors",
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  let errors = 0;
  return {
    onProgress(e) {
      errors += e.errors;
      if (!started) {
        bar.start(e.total, 0, { last: "", errors: 0 });
        started = true;
      }
      bar.update(e.done, { last: `${e.service} ${e.region}`, errors });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
