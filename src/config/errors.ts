/** A config file, option or payload that cannot be used; the message says what to fix. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The closest known name, for "did you mean" hints on misspelt ids and keys. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** " (did you mean x?)" when a known name is close to `name`, else "". */
export function didYouMean(name: string, known: readonly string[]): string {
  const hint = closest(name, known);
  return hint ? ` (did you mean ${hint}?)` : "";
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** A zod issue path as it reads in a file: `rules.ec2-ssh-restricted.params.ports`, `resources[3].id`. */
export function issuePath(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
}
