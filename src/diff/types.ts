/** What the diff stage produces: resource drift and finding transitions between two runs. */
import type { ResourceRef } from "../types/resource.js";
import type { TransitionKind } from "../types/run-state.js";
import type { ChangeCause } from "../types/cause.js";

export interface AttributeChange {
  /** Dotted path into the record, e.g. "attributes.multiAZ"; security-group permissions change one at a time under "attributes.ingress" / "attributes.egress", bucket-policy statements under "attributes.policy". */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface ModifiedResource {
  resource: ResourceRef & { /** Set in an organization run's report. */ accountId?: string };
  changes: AttributeChange[];
  /** The CloudTrail event that made the change, when attribution ran and found one. */
  cause?: ChangeCause;
}

/** A created or deleted resource, with the event that created or deleted it when attribution found one. */
export type DriftedResource = ResourceRef & { cause?: ChangeCause; /** Set in an organization run's report. */ accountId?: string };

export interface Drift {
  added: DriftedResource[];
  removed: DriftedResource[];
  modified: ModifiedResource[];
}

export type { TransitionKind };

export interface Transition {
  findingId: string;
  ruleId: string;
  resource: ResourceRef & { /** Set in an organization run's report. */ accountId?: string };
  kind: TransitionKind;
  severity: import("../types/finding.js").Severity;
  /** The drift that caused it, e.g. "ingress tcp/22 from 0.0.0.0/0 added". */
  explanation?: string;
  /** The finding's reason in this run (or, for RESOLVED, why it now passes or that the resource is gone). */
  reason?: string;
  /** For NEW, REGRESSED and RESOLVED: the event that changed the transition's own resource, when attribution found one. */
  cause?: ChangeCause;
}
