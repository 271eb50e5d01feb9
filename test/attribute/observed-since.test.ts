/**
 * A record kept from an earlier run (its service could not be read) was read
 * when that run's predecessor read it: the change found once it reads again
 * may have been made at any time since, and its event must be looked for from then.
 */
import { describe, expect, it } from "@jest/globals";
import { observedSince } from "../../src/attribute/observed-since.js";
import type { CloudTrailEvent } from "../../src/attribute/events.js";
import type { EventsRequest } from "../../src/attribute/lookup.js";
import { defaultConfig } from "../../src/config/config.js";
import { carryForward } from "../../src/diff/carry-forward.js";
import { FileFindingsStore } from "../../src/publish/store/file-store.js";
import { runAudit } from "../../src/run-audit.js";
import { resourceKey } from "../../src/types/canonical.js";
import { refOf } from "../../src/types/resource.js";
import sshRestricted from "../../rules/ec2/ec2-ssh-restricted.js";
import { ACCOUNT, collectionError, sg, tcp } from "../support/builders.js";
import { temporaryDirectories } from "../support/temp-dirs.js";
import { snapshotOf } from "../diff/account-fixture.js";
import { eventNamed, trail } from "./fixtures.js";

const NIGHT_1 = "2026-11-01T02:00:00.000Z";
const NIGHT_2 = "2026-11-02T02:00:00.000Z";
const NIGHT_3 = "2026-11-03T02:00:00.000Z";
const GROUP = "sg-0aaa000000000001";
const OTHER = "sg-0aaa000000000002";
const ec2Denied = collectionError("ec2", "ec2:DescribeSecurityGroups", ["AWS::EC2::SecurityGroup"], { code: "UnauthorizedOperation" });
const newStateDir = temporaryDirectories("driftwarden-observed-since-");

/** Alice opens SSH on `groupId` at `eventTime`, as CloudTrail records it. */
function openSsh(groupId: string, eventTime: string, eventID: string): CloudTrailEvent {
  const event = eventNamed(trail(), "AuthorizeSecurityGroupIngress");
  return { ...event, eventID, eventTime, recipientAccountId: ACCOUNT, requestParameters: { ...event.requestParameters, groupId } };
}

describe("observedSince", () => {
  const first = snapshotOf([sg({ id: GROUP }), sg({ id: OTHER })], [], NIGHT_1);
  // Night 2 could not read security groups: the store keeps night 1's records.
  const second = carryForward(first, snapshotOf([], [ec2Denied], NIGHT_2));

  it("starts a kept record's window when it was read, the others' at the previous run", () => {
    const drift = { added: [], removed: [], modified: [{ resource: refOf(second.resources[0]!), changes: [] }] };
    expect(observedSince(second, drift)).toEqual({ from: NIGHT_1, since: new Map([[resourceKey(second.resources[0]!), NIGHT_1]]) });
    const read = snapshotOf([sg({ id: GROUP })], [], NIGHT_2);
    expect(observedSince(read, drift)).toEqual({ from: NIGHT_2, since: new Map() });
  });

  it("starts a new resource's window when its type was last read, if the previous run could not read it", () => {
    const added = { type: "AWS::EC2::SecurityGroup" as const, id: "sg-0aaa000000000009", region: second.resources[0]!.region };
    expect(observedSince(second, { added: [added], removed: [], modified: [] }).from).toBe(NIGHT_1);
    // A type read in full: it was not there at the previous run.
    expect(observedSince(first, { added: [added], removed: [], modified: [] })).toEqual({ from: NIGHT_1, since: new Map() });
  });
});

it("names who opened SSH before a night that could not read security groups, once they are read again", async () => {
  const config = defaultConfig([sshRestricted]);
  const stateDir = await newStateDir();
  const requests: EventsRequest[] = [];
  // Alice's change to GROUP came between nights 1 and 2; one to OTHER, already in night 1's record of it, before night 1.
  const events = [openSsh(GROUP, "2026-11-01T14:00:00Z", "alice-opens-group"), openSsh(OTHER, "2026-11-01T01:00:00Z", "before-night-1")];
  const night = async (runId: string, snapshot: ReturnType<typeof snapshotOf>) => {
    const now = new Date(Date.parse(snapshot.takenAt) + 60_000);
    const store = new FileFindingsStore({ directory: stateDir, now: () => now });
    const lookupEvents = async (request: EventsRequest) => {
      requests.push(request);
      return { events, unavailable: [] };
    };
    return runAudit({ snapshot, config, runId, startedAt: new Date(snapshot.takenAt), now, store, lookupEvents });
  };

  await night("night-1", snapshotOf([sg({ id: GROUP }), sg({ id: OTHER, ingress: [tcp(22, "0.0.0.0/0")] })], [], NIGHT_1));
  const second = await night("night-2", snapshotOf([], [ec2Denied], NIGHT_2));
  expect(second.report.run.status).toBe("partial");
  const third = await night("night-3", snapshotOf([sg({ id: GROUP, ingress: [tcp(22, "0.0.0.0/0")] }), sg({ id: OTHER, ingress: [tcp(22, "0.0.0.0/0")] })], [], NIGHT_3));

  // Looked up from night 1, when the group was last read, not from night 2.
  expect(requests.map((r) => r.window)).toEqual([{ from: NIGHT_1, to: NIGHT_3 }]);
  const [modified] = third.report.drift!.modified;
  expect(modified!.resource.id).toBe(GROUP);
  expect(modified!.cause).toMatchObject({ eventId: "alice-opens-group", actor: { name: "alice@example.com" } });
  expect(modified!.cause!.earlier).toBeUndefined();
  const regressed = third.report.transitions!.filter((t) => t.kind === "NEW" || t.kind === "REGRESSED");
  expect(regressed.map((t) => [t.resource.id, t.cause?.eventId])).toEqual([[GROUP, "alice-opens-group"]]);
  expect(third.report.attribution).toMatchObject({ matched: 1, changes: 1 });
});
