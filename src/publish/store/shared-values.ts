import type { Finding, FindingResource } from "../../types/finding.js";
import { resourceKey, sameFindingResource } from "../../types/canonical.js";

/**
 * Findings read back from a store, with the values they repeat made one:
 * the resource every rule's finding of it names, and the same rule ids,
 * reasons and times. Parsed, each finding holds copies of its own, about half
 * of what an account's findings take in memory (55 of 102 MB at 50k
 * resources), and all of it kept through the run.
 *
 * For findings just read, which nothing else holds yet: they are changed in
 * place rather than copied. A resource is shared only with one of the same
 * content, so every finding still writes the same JSON.
 */
export function shareRepeatedValues(findings: Finding[]): Finding[] {
  const resources = new Map<string, FindingResource>();
  const texts = new Map<string, string>();
  const one = <T>(value: T): T => {
    if (typeof value !== "string") return value;
    const known = texts.get(value);
    if (known !== undefined) return known as T;
    texts.set(value, value);
    return value;
  };
  for (const finding of findings) {
    finding.ruleId = one(finding.ruleId);
    finding.status = one(finding.status);
    finding.severity = one(finding.severity);
    finding.reason = one(finding.reason);
    if (finding.firstSeen !== undefined) finding.firstSeen = one(finding.firstSeen);
    if (finding.lastSeen !== undefined) finding.lastSeen = one(finding.lastSeen);
    const resource = finding.resource;
    // A stored finding without a resource is for the stages after to judge, not for this one to trip over.
    if (typeof resource !== "object" || resource === null) continue;
    const key = resourceKey(resource);
    const shared = resources.get(key);
    if (shared === undefined) resources.set(key, resource);
    else if (sameFindingResource(shared, resource)) finding.resource = shared;
  }
  return findings;
}
