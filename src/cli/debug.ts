import type { Pluggable } from "@smithy/types";
import { requestLogPlugin } from "../collect/request-log.js";
import type { ConnectionFlags } from "./shared-options.js";

/** With --debug, the request log on every AWS client of the command (stderr: stdout stays the report's). */
export function debugPlugins(flags: Pick<ConnectionFlags, "debug">): Pluggable<any, any>[] {
  return flags.debug ? [requestLogPlugin((line) => process.stderr.write(`${line}\n`))] : [];
}
