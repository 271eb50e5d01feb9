import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CloudTrailEvent } from "../../src/attribute/events.js";
import { readEvents } from "../../src/attribute/events.js";

export const fixturePath = (name: string): string => fileURLToPath(new URL(`../fixtures/cloudtrail/${name}`, import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), "utf8");
}

export function fixtureEvents(name: string): CloudTrailEvent[] {
  return readEvents(fixtureText(name), name);
}

/** The webapp account's trail: one real-shaped record per event the table knows, all on 2024-05-02 from 14:00:01Z. */
export const trail = (): CloudTrailEvent[] => fixtureEvents("webapp-trail.json");

/** The nth (from 1) event of a name in a list. */
export function eventNamed(events: CloudTrailEvent[], name: string, nth = 1): CloudTrailEvent {
  const found = events.filter((e) => e.eventName === name)[nth - 1];
  if (!found) throw new Error(`no event ${name} #${nth} in the fixture`);
  return found;
}
