import type { Finding, FindingResource } from "../../types/finding.js";
import { sameFindingResource } from "../../types/canonical.js";
import { resourcePartOf } from "../../evaluate/finding-id.js";

/**
 * Findings read back from a store, with the values they repeat made one:
 * the resource every rule's finding of it names, and the same rule ids,
 * reasons and times. Parsed, each finding holds copies of its own, about half
 * of what an account's findings take in memory (102 MB at 50k resources,
 * 50 once shared), and all of it kept through the run.
 *
 * For findings just read, which nothing else holds yet: they are changed in
 * place rather than copied. A resource is shared only with one of the same
 * content, so every finding still writes the same JSON.
 */
export function shareRepeatedValues(findings: Finding[]): Finding[] {
  const resources = new Map<string, FindingResource>();
  // A store keeps findings rule by rule: a value is most often the one the finding before had, which costs a
  // comparison to share rather than a lookup.
  let last: Finding | undefined;
  for (const finding of findings) {
    // Stryker disable next-line BlockStatement: equal strings made one save memory only; every finding reads the same
    if (last) {
      if (finding.ruleId === last.ruleId) finding.ruleId = last.ruleId;
      if (finding.status === last.status) finding.status = last.status;
      if (finding.severity === last.severity) finding.severity = last.severity;
      if (finding.reason === last.reason) finding.reason = last.reason;
      if (finding.firstSeen === last.firstSeen) finding.firstSeen = last.firstSeen;
      if (finding.lastSeen === last.lastSeen) finding.lastSeen = last.lastSeen;
    }
    last = finding;
    const resource = finding.resource;
    // A stored finding without a resource is for the stages after to judge, not for this one to trip over.
    if (typeof resource !== "object" || resource === null) continue;
    // Keyed by the id's resource digest, shorter than the resource's key and already made; the content decides.
    const key = typeof finding.id === "string" ? resourcePartOf(finding.id) : "";
    const shared = resources.get(key);
    if (shared === undefined) resources.set(key, resource);
    else if (sameFindingResource(shared, resource)) finding.resource = shared;
  }
  return findings;
}
