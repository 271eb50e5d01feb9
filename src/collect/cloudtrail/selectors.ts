/**
 * Which management events a trail records, from GetEventSelectors: a trail
 * answers with either basic event selectors or advanced event selectors,
 * never both, and records the union of what its selectors select.
 */
import type { AdvancedEventSelector, EventSelector, GetEventSelectorsResponse } from "@aws-sdk/client-cloudtrail";
import type { ManagementEvents } from "../../types/attributes.js";
import { required } from "../errors.js";

interface Recorded {
  reads: boolean;
  writes: boolean;
}

export function managementEventsOf(response: Pick<GetEventSelectorsResponse, "EventSelectors" | "AdvancedEventSelectors">): ManagementEvents {
  const recorded = [...(response.EventSelectors ?? []).map(basic), ...(response.AdvancedEventSelectors ?? []).map(advanced)];
  const reads = recorded.some((r) => r.reads);
  const writes = recorded.some((r) => r.writes);
  return reads && writes ? "all" : writes ? "write-only" : reads ? "read-only" : "none";
}

/** IncludeManagementEvents and ReadWriteType default to true and All (CloudTrail API reference, EventSelector). */
function basic(selector: EventSelector): Recorded {
  if (selector.IncludeManagementEvents === false) return { reads: false, writes: false };
  const type = selector.ReadWriteType ?? "All";
  return { reads: type !== "WriteOnly", writes: type !== "ReadOnly" };
}

/**
 * An advanced selector records management events when its eventCategory
 * field equals Management; its readOnly field, when present, keeps only the
 * read-only ("true") or only the write ("false") events.
 */
function advanced(selector: AdvancedEventSelector): Recorded {
  const fields = required(selector.FieldSelectors, "AdvancedEventSelector.FieldSelectors");
  const field = (name: string) => fields.find((f) => f.Field === name);
  if (!field("eventCategory")?.Equals?.includes("Management")) return { reads: false, writes: false };
  const readOnly = field("readOnly");
  if (!readOnly) return { reads: true, writes: true };
  const allows = (value: "true" | "false") => (readOnly.Equals ? readOnly.Equals.includes(value) : true) && !(readOnly.NotEquals ?? []).includes(value);
  return { reads: allows("true"), writes: allows("false") };
}
