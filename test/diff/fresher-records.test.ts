/**
 * A nightly run and the event path read the same resources: the record an
 * event read after the run's takenAt stands, with the run's observed state
 * where the stored record has none, and the records stay in resource order.
 */
import { describe, expect, it } from "@jest/globals";
import { withFresherRecords } from "../../src/diff/fresher-records.js";
import type { ResourceRecord } from "../../src/types/resource.js";
import { sg, tcp } from "../support/builders.js";
import { autoScalingGroup, dbInstance, snapshotOf } from "./account-fixture.js";

const T1 = "2026-11-01T02:00:00.000Z";
const T2 = "2026-11-02T02:00:00.000Z";
// An event read during the run, seven seconds after it started listing.
const EVENT = "2026-11-02T02:00:07.000Z";

const readBy = <R extends ResourceRecord<any>>(r: R, observedAt: string): R => ({ ...r, observedAt });
const withoutState = <R extends ResourceRecord<any>>({ state: _, ...configuration }: R): R => configuration as R;

describe("withFresherRecords", () => {
  const run = snapshotOf(
    [
      autoScalingGroup("web-asg", {}, 2),
      sg({ id: "sg-0app000000000002", name: "app", ingress: [tcp(22, "203.0.113.0/24")], attachments: 1 }),
      dbInstance("orders-db"),
      dbInstance("reporting-db", { multiAZ: false, secondaryAvailabilityZone: undefined }),
    ],
    [],
    T2,
  );

  // What the store holds after the event path wrote during the run: the configuration it read, without observed state
  // (the ASG), or with it (the group it re-read whole); a group created after the run listed; and a record from the night before.
  const scaledUp = readBy(withoutState(autoScalingGroup("web-asg", { minSize: 3 })), EVENT);
  const opened = readBy(sg({ id: "sg-0app000000000002", name: "app", ingress: [tcp(22, "203.0.113.0/24"), tcp(22, "0.0.0.0/0")], attachments: 2 }), EVENT);
  const created = readBy(sg({ id: "sg-0new000000000003", name: "new", ingress: [tcp(443, "0.0.0.0/0")], attachments: 0 }), EVENT);
  const singleAz = readBy(dbInstance("orders-db", { multiAZ: false, secondaryAvailabilityZone: undefined }), EVENT);
  const lastNight = readBy(dbInstance("reporting-db", { backupRetentionPeriod: 1 }), T1);
  const stored = snapshotOf([scaledUp, created, opened, singleAz, lastNight], [], EVENT);

  it("takes each record an event read after the run started, adds the ones the run did not list, and keeps resource order", () => {
    expect(withFresherRecords(run, stored)).toStrictEqual({
      ...run,
      resources: [
        // The stored ASG has no observed state: this run's desired capacity is the latest known.
        { ...scaledUp, state: { desiredCapacity: 2, instances: [] } },
        // The re-read group has its own: the event's attachment count stands, not the run's.
        opened,
        created,
        // Neither has state: the stored record exactly, with no state added.
        singleAz,
        // Read before the run: this run's record stands.
        run.resources[3],
      ],
    });
  });

  it("returns the run's snapshot itself when nothing stored is fresher", () => {
    expect(withFresherRecords(run, snapshotOf([lastNight], [], T1))).toBe(run);
    expect(withFresherRecords(run, undefined)).toBe(run);
  });
});
