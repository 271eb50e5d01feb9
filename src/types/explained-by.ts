import type { ResourceType } from "./resource.js";

/**
 * What explains a rule's transitions ("caused by" in reports): the judged
 * resource's attributes the rule reads, and the related resource types it
 * judges from. A rule without it is explained by every change of its
 * resource; one with it by those alone, so that an account record's root-key
 * change is never named as the cause of a CloudTrail verdict.
 */
export interface ExplainedBy {
  /** Top-level attribute names; absent: every change of the resource. */
  attributes?: readonly string[];
  /** Related types whose drift (in the same account) the rule judges from. */
  related?: readonly ResourceType[];
}
