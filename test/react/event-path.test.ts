/**
 * The event path end to end, offline: a synthetic account on the synthetic
 * endpoint (the real SDK, paginators and retries), the findings table in
 * dynalite, real-shaped CloudTrail events in EventBridge envelopes through
 * the SQS batch job. A change is alerted once, by the event path; the nightly
 * run that follows sends nothing for it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import type { SecurityGroup } from "@aws-sdk/client-ec2";
import { allCollectors } from "../../src/collect/index.js";
import { reactJob } from "../../src/lambda/react-job.js";
import { testCredentials } from "../support/collect.js";
import type { LocalDynamoDb } from "../support/dynalite.js";
import { startDynalite } from "../support/dynalite.js";
import { syntheticEndpoint } from "../support/synthetic/fake-endpoint.js";
import type { World } from "./event-world.js";
import { config, envelope, eventOf, quiet, world } from "./event-world.js";

let dynamo: LocalDynamoDb;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

function sshOpen(group: SecurityGroup): void {
  group.IpPermissions = [...(group.IpPermissions ?? []), { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }];
}

describe("the event path on a security group", () => {
  let w: World;
  let group: SecurityGroup;
  // The groups the fixture's events name.
  const FIXTURE_GROUP = "sg-0a1b2c3d4e5f60002";
  const DELETED_GROUP = "sg-0a1b2c3d4e5f60004";

  beforeEach(async () => {
    w = await world(dynamo);
    expect(await w.nightly("night-1")).toEqual(expect.any(Array));
    group = w.account.regions[0]!.securityGroups.find((g) => g.GroupName !== "default" && !(g.IpPermissions ?? []).some((p) => p.FromPort === 22))!;
    expect(group).toBeDefined();
    w.at("2026-11-20T09:00:05.000Z");
  });

  it("alerts within the batch on SSH opened to the internet, naming who, and the next nightly run sends nothing for it", async () => {
    sshOpen(group);
    const result = await w.react(eventOf("AuthorizeSecurityGroupIngress", w.account, "2026-11-20T09:00:01Z", { [FIXTURE_GROUP]: group.GroupId! }));

    expect(result.batchItemFailures).toEqual([]);
    expect(w.sent).toHaveLength(1);
    expect(w.sent[0]!.subject).toMatch(new RegExp(`ec2-ssh-restricted on .*${group.GroupId}|ec2-ssh-restricted on ${group.GroupName}`));
    expect(w.sent[0]!.subject).toContain("by alice@example.com");
    // A finding that passed last night and fails now.
    expect(w.sent[0]!.body).toMatch(/REGRESSED high ec2-ssh-restricted: SSH port 22 open to the internet/);
    expect(w.sent[0]!.body).toContain("because ingress tcp/22 from 0.0.0.0/0 added");
    const [reaction] = result.results;
    expect(reaction).toMatchObject({ status: "recorded" });
    const open = await w.store.openFindings(w.account.accountId);
    expect(open.filter((f) => f.ruleId === "ec2-ssh-restricted" && f.resource.id === group.GroupId)).toHaveLength(1);

    w.at("2026-11-21T02:00:00.000Z");
    const nightly = await w.nightly("night-2");
    expect(nightly.filter((t) => t.resource.id === group.GroupId)).toEqual([]);
  });

  it("sends nothing for a redelivered event, or for a second event on the same change", async () => {
    sshOpen(group);
    const event = eventOf("AuthorizeSecurityGroupIngress", w.account, "2026-11-20T09:00:01Z", { [FIXTURE_GROUP]: group.GroupId! });
    await w.react(event);
    w.at("2026-11-20T09:00:30.000Z");
    const again = await w.react(event);
    expect(again.batchItemFailures).toEqual([]);
    expect(w.sent).toHaveLength(1);
  });

  it("judges a resource deleted before it is read as gone: the finding resolves once", async () => {
    sshOpen(group);
    await w.react(eventOf("AuthorizeSecurityGroupIngress", w.account, "2026-11-20T09:00:01Z", { [FIXTURE_GROUP]: group.GroupId! }));
    const data = w.account.regions[0]!;
    data.securityGroups = data.securityGroups.filter((g) => g !== group);
    w.at("2026-11-20T09:10:00.000Z");
    const result = await w.react(eventOf("DeleteSecurityGroup", w.account, "2026-11-20T09:09:00Z", { [DELETED_GROUP]: group.GroupId! }));
    expect(result.results[0]).toMatchObject({ status: "recorded" });
    expect(w.sent).toHaveLength(2);
    expect(w.sent[1]!.body).toContain("RESOLVED");
    const open = await w.store.openFindings(w.account.accountId);
    expect(open.some((f) => f.resource.id === group.GroupId)).toBe(false);
  });

  it("handles two events for one resource in either order alike: the resource is read, not the event", async () => {
    const first = eventOf("AuthorizeSecurityGroupIngress", w.account, "2026-11-20T09:00:01Z", { [FIXTURE_GROUP]: group.GroupId! }, "e-1");
    const second = eventOf("RevokeSecurityGroupIngress", w.account, "2026-11-20T09:00:03Z", { [FIXTURE_GROUP]: group.GroupId! }, "e-2");
    // Opened then closed again before the events arrive: nothing to alert, whatever their order.
    await w.react(second, first);
    expect(w.sent).toEqual([]);
    sshOpen(group);
    w.at("2026-11-20T09:01:00.000Z");
    await w.react(second, first);
    expect(w.sent).toHaveLength(1);
  });

  it("retries a read that is throttled beyond the SDK's retries, and resolves nothing meanwhile", async () => {
    sshOpen(group);
    await w.react(eventOf("AuthorizeSecurityGroupIngress", w.account, "2026-11-20T09:00:01Z", { [FIXTURE_GROUP]: group.GroupId! }));
    group.IpPermissions = [];
    const throttled = syntheticEndpoint(w.account, { latencyMs: 0, throttling: { capacity: 0, refillPerSecond: 0 } });
    const deps = { config, store: w.store, collectors: allCollectors, logger: quiet, accountId: w.account.accountId, credentials: testCredentials, plugins: [throttled.plugin], maxAttempts: 1, now: () => new Date("2026-11-20T09:05:00.000Z") };
    const event = eventOf("RevokeSecurityGroupIngress", w.account, "2026-11-20T09:04:00Z", { [FIXTURE_GROUP]: group.GroupId! });
    const result = await reactJob([{ messageId: "m-1", body: JSON.stringify(envelope(event)) }], deps);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m-1" }]);
    const open = await w.store.openFindings(w.account.accountId);
    expect(open.filter((f) => f.ruleId === "ec2-ssh-restricted" && f.resource.id === group.GroupId)).toHaveLength(1);
  });
});
