/** What the CloudTrail rules share: the trail records, and which of their attributes could be read. */
import type { TrailAttributes } from "../../src/types/attributes.js";
import type { ResourceRecord } from "../../src/types/resource.js";

export const TRAIL = "AWS::CloudTrail::Trail";

export type Trail = ResourceRecord<TrailAttributes>;

/** The unreadable mark of `attribute` (reading the attribute itself would throw), if it has one. */
export function unreadableMark(trail: Trail, attribute: keyof TrailAttributes): string | undefined {
  return trail.unreadable?.find((u) => u.attribute === attribute)?.field;
}

/**
 * A trail the audited account sees but another account owns: only an
 * organization trail, created by the organization's management account
 * (or its delegated administrator), reaches member accounts this way.
 */
export function ownedElsewhere(trail: Trail): boolean {
  return trail.attributes.ownerAccountId !== trail.accountId;
}

export function homeOf(trail: Trail): string {
  return `${trail.name ?? trail.id} (home ${trail.attributes.homeRegion})`;
}
