/**
 * How many columns command output may take. A terminal has its width; a pipe
 * or a file has none, so its lines are not cut or wrapped to some terminal's
 * (grep sees whole lines), unless COLUMNS asks for a width.
 */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  if (stream.isTTY) return stream.columns || 80;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : Number.POSITIVE_INFINITY;
}

/** The table report's width: a terminal's, kept within 60–160 columns so it stays readable; otherwise outputWidth's. */
export function tableWidth(output?: string): number {
  const stream: { isTTY?: boolean; columns?: number } = output ? {} : process.stdout;
  return stream.isTTY ? Math.max(60, Math.min(stream.columns || 80, 160)) : outputWidth(stream);
}

/** For text that wraps without losing anything (the rule catalogue): piped, it keeps to 80 columns unless COLUMNS says otherwise. */
export function wrapWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  const width = outputWidth(stream, env);
  return Number.isFinite(width) ? width : 80;
}
