import { SingleBar } from "cli-progress";
import type { ProgressEvent } from "../collect/run.js";
import { truncate, visibleWidth } from "../publish/report/terminal-text.js";

/**
 * A progress bar on stderr while collecting, only when stderr is a terminal,
 * so piped and --format json output stays clean.
 */
export function collectionProgress(stream: NodeJS.WriteStream = process.stderr): { onProgress?: (e: ProgressEvent) => void; stop(): void } {
  const bar = progressBar(stream, "service-regions");
  if (!bar) return { stop() {} };
  let errors = 0;
  return {
    onProgress(e) {
      errors += e.errors;
      bar.update({ done: e.done, total: e.total, errors, last: `${e.service} ${e.region}` });
    },
    stop: () => bar.stop(),
  };
}

/** The same bar over an organization run's accounts: each one counted when it is recorded, "errors" its accounts not read in full. */
export function accountProgress(total: number, stream: NodeJS.WriteStream = process.stderr): { onAccount?: (account: { accountId: string; name?: string }, complete: boolean) => void; stop(): void } {
  const bar = progressBar(stream, "accounts");
  if (!bar) return { stop() {} };
  let done = 0;
  let errors = 0;
  return {
    onAccount(account, complete) {
      done += 1;
      if (!complete) errors += 1;
      bar.update({ done, total, errors, last: account.name ? `${account.accountId} ${account.name}` : account.accountId });
    },
    stop: () => bar.stop(),
  };
}

/** A bar on a terminal, drawn from the first update (with its own counts, not zeros); undefined when `stream` is not a terminal. */
function progressBar(stream: NodeJS.WriteStream, unit: string): { update(state: Omit<ProgressState, "unit">): void; stop(): void } | undefined {
  if (!stream.isTTY) return undefined;
  const bar = new SingleBar({
    stream,
    // maxWidth is the terminal's columns, read at each redraw: the line follows a resize.
    format: (_options, params, payload: { last: string; errors: number }) =>
      progressLine({ done: params.value, total: params.total, errors: payload.errors, last: payload.last, unit }, params.maxWidth),
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  return {
    update({ done, total, errors, last }) {
      if (started) bar.update(done, { last, errors });
      else bar.start(total, done, { last, errors });
      started = true;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export interface ProgressState {
  done: number;
  total: number;
  errors: number;
  /** The service and region read last, e.g. "ec2 eu-west-1", or the account audited last. */
  last: string;
  /** What is counted: "service-regions" (the default) or "accounts". */
  unit?: string;
}

const MAX_BAR = 40;
const MIN_BAR = 8;
/** Below this, the service-region read last is left out rather than cut to a stub. */
const MIN_LAST = 12;

/**
 * "collecting ========-------- 12/40 service-regions, 2 errors · ec2 eu-west-1"
 * within `columns`: the bar turns off line wrapping, so the terminal would cut a
 * longer line. The counts are what a watcher needs; the bar shrinks and the
 * service-region is cut first.
 */
export function progressLine(state: ProgressState, columns: number): string {
  // The last column stays empty: some terminals wrap as soon as it is written.
  const budget = Math.max(1, columns - 1);
  const errors = `${state.errors} error${state.errors === 1 ? "" : "s"}`;
  const counts = `${state.done}/${state.total} ${state.unit ?? "service-regions"}, ${errors}`;
  const last = state.last ? ` · ${state.last}` : "";
  const head = "collecting ";
  const barRoom = budget - head.length - counts.length - 1;
  const size = Math.min(MAX_BAR, barRoom - visibleWidth(last));
  const barSize = size >= MIN_BAR ? size : barRoom >= MIN_BAR ? MIN_BAR : 0;
  const line = head + (barSize > 0 ? `${bar(state, barSize)} ` : "") + counts;
  // Too narrow for the words: the counts alone.
  if (visibleWidth(line) > budget) return truncate(`collecting ${state.done}/${state.total}, ${errors}`, budget);
  const room = budget - visibleWidth(line);
  return room >= MIN_LAST ? line + truncate(last, room) : line;
}

function bar(state: ProgressState, size: number): string {
  const filled = state.total > 0 ? Math.round((Math.min(state.done, state.total) / state.total) * size) : 0;
  return "=".repeat(filled) + "-".repeat(size - filled);
}
