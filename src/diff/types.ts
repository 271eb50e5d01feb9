/** What the diff stage produces: resource drift and finding transitions between two runs. */
import type { ResourceRef } from "../types/resource.js";
import type { TransitionKind } from "../types/run-state.js";

export interface AttributeChange {
  /** Dotted path into the record, e.g. "attributes.multiAZ"; security-group permissions change one at a time under "attributes.ingress" / "attributes.egress", bucket-policy statements under "attributes.policy". */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface ModifiedResource {
  resource: ResourceRef;
  changes: AttributeChange[];
}

export interface Drift {
  added: ResourceRef[];
  removed: ResourceRef[];
  modified: ModifiedResource[];
}

export type { TransitionKind };

export interface Transition {
  findingId: string;
  ruleId: string;
  resource: ResourceRef;
  kind: TransitionKind;
  severity: import("../types/finding.js").Severity;
  /** The drift that caused it, e.g. "ingress tcp/22 from 0.0.0.0/0 added". */
  explanation?: string;
  /** The finding's reason in this run (or, for RESOLVED, why it now passes or that the resource is gone). */
  reason?: string;
}
