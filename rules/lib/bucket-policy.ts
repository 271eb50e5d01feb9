/**
 * Bucket-policy semantics the S3 rules share: which statements an action and
 * a resource fall under (IAM wildcards), who a principal admits, and what a
 * condition key says. IAM matches action names and condition keys without
 * regard to case; ARNs and condition values are matched as written.
 */
import type { PolicyPrincipal, PolicyStatement } from "../../src/types/attributes.js";

export { describeStatement, describePrincipal } from "../../src/types/policy-statement.js";

/** IAM's wildcards: "*" any run of characters, "?" any one character. */
export function wildcardMatch(pattern: string, text: string, ignoreCase = false): boolean {
  return wildcardPattern(pattern, ignoreCase ? "ignoringCase" : "exact").test(text);
}

/** Whether the wildcard pattern matches some start of `text` (text itself included, and ""). */
function matchesSomeStart(pattern: string, text: string): boolean {
  // Resource patterns name one bucket's ARN each: compiling those would fill the cache with patterns used once.
  if (!hasWildcard(pattern)) return text.startsWith(pattern);
  // A regex anchored only at its start matches when some start of the text matches it whole.
  return wildcardPattern(pattern, "start").test(text);
}

/** Compiled patterns: every bucket policy names the same few actions. Cleared when it grows large, so that it stays small in a long-lived process. */
const compiled = { exact: new Map<string, RegExp>(), ignoringCase: new Map<string, RegExp>(), start: new Map<string, RegExp>() };
const MAX_COMPILED = 1000;

function wildcardPattern(pattern: string, kind: keyof typeof compiled): RegExp {
  const cache = compiled[kind];
  let regex = cache.get(pattern);
  if (regex) return regex;
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  regex = new RegExp(kind === "start" ? `^${source}` : `^${source}$`, kind === "ignoringCase" ? "is" : "s");
  if (cache.size >= MAX_COMPILED) cache.clear();
  cache.set(pattern, regex);
  return regex;
}

export function hasWildcard(value: string): boolean {
  return value.includes("*") || value.includes("?");
}

/** Whether the statement's Action (or NotAction) takes in `action`, e.g. s3:GetObject under "s3:Get*". */
export function coversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.actions) return statement.actions.some((pattern) => wildcardMatch(pattern, action, true));
  if (statement.notActions) return !statement.notActions.some((pattern) => wildcardMatch(pattern, action, true));
  return false;
}

/** Action "*" or "s3:*": every S3 action, the only actions a bucket policy can name. */
export function coversEveryAction(statement: PolicyStatement): boolean {
  return (statement.actions ?? []).some((a) => a === "*" || a.toLowerCase() === "s3:*");
}

/**
 * Whether the statement's resources take in some object of the bucket: a
 * pattern whose text before its first wildcard runs into "<bucket ARN>/".
 * NotResource is read as covering: it names exceptions, rarely all objects.
 */
export function coversSomeObject(statement: PolicyStatement, bucketArn: string): boolean {
  if (statement.notResources) return true;
  const objects = `${bucketArn}/`;
  return (statement.resources ?? []).some((pattern) => {
    const wildcard = pattern.search(/[*?]/);
    const literal = wildcard < 0 ? pattern : pattern.slice(0, wildcard);
    return hasWildcard(pattern) ? literal.startsWith(objects) || objects.startsWith(literal) : pattern.startsWith(objects);
  });
}

/** Whether some resource pattern takes in every object ("arn:aws:s3:::bucket/*", "arn:aws:s3:::*", "*"). */
export function coversEveryObject(statement: PolicyStatement, bucketArn: string): boolean {
  return (statement.resources ?? []).some((pattern) => coversAllUnder(pattern, `${bucketArn}/`));
}

/** Whether some resource pattern names the bucket itself ("arn:aws:s3:::bucket", "arn:aws:s3:::*", "*"). */
export function coversBucket(statement: PolicyStatement, bucketArn: string): boolean {
  return (statement.resources ?? []).some((pattern) => pattern === bucketArn || coversAllUnder(pattern, bucketArn));
}

/** A pattern that is a literal prefix of `prefix` followed by one trailing "*" matches everything that starts with `prefix`. */
function coversAllUnder(pattern: string, prefix: string): boolean {
  // Every text that starts with `prefix` matches when the pattern ends in "*" and what comes before that
  // run of stars matches some start of the prefix: the stars take in the rest ("arn:aws:s3:::*/*", "…/bucket/**").
  const head = pattern.replace(/\*+$/, "");
  if (head === pattern) return false;
  return matchesSomeStart(head, prefix);
}

/** Principal "*" or { "AWS": "*" }: anyone, signed or anonymous. */
export function admitsAnyone(principal: PolicyPrincipal | undefined): boolean {
  return principal === "*" || (principal?.AWS ?? []).includes("*");
}

/** Every principal a statement names, with its kind: [{ kind: "Service", value: "cloudfront.amazonaws.com" }]. */
export function principalsOf(principal: PolicyPrincipal): { kind: string; value: string }[] {
  if (principal === "*") return [{ kind: "AWS", value: "*" }];
  return Object.entries(principal).flatMap(([kind, values]) => values.map((value) => ({ kind, value })));
}

/**
 * The values of a condition key under the given operators (with or without
 * IfExists); undefined when the statement has none. Keys match without regard
 * to case: "AWS:SourceArn" and "aws:SourceArn" are one key.
 */
export function conditionValues(statement: PolicyStatement, operators: string[], key: string): { operator: string; values: string[] }[] {
  const found: { operator: string; values: string[] }[] = [];
  const condition = statement.condition;
  if (!condition) return found;
  const wanted = key.toLowerCase();
  // for…in, in Object.entries' order, without an entry per key: every bucket policy's every condition passes here.
  for (const operator in condition) {
    if (!operators.includes(operator.endsWith("IfExists") ? operator.slice(0, -"IfExists".length) : operator)) continue;
    const keys = condition[operator]!;
    for (const name in keys) if (name.toLowerCase() === wanted) found.push({ operator, values: keys[name]! });
  }
  return found;
}

/** The account a principal ARN or bare account id belongs to; undefined for service, canonical and federated principals. */
export function accountOfPrincipal(kind: string, value: string): string | undefined {
  if (kind !== "AWS") return undefined;
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
}
