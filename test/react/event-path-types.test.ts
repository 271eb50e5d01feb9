/**
 * The event path end to end for each kind of resource it re-reads: the call's
 * change made on the synthetic account, the webapp trail's record of that call
 * through the SQS batch job, one alert naming the rule, the resource and who,
 * the finding's new status in the table, and a nightly run after it that
 * alerts on nothing for the resource.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import type { Listener } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { DBInstance } from "@aws-sdk/client-rds";
import type { ResourceRecordSet } from "@aws-sdk/client-route-53";
import type { AlertMessage } from "../../src/publish/notify/alert-message.js";
import type { ResourceType } from "../../src/types/resource.js";
import type { LocalDynamoDb } from "../support/dynalite.js";
import { startDynalite } from "../support/dynalite.js";
import type { World } from "./event-world.js";
import { eventOf, REGION, world } from "./event-world.js";

let dynamo: LocalDynamoDb;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

/** The webapp trail's actors, by the names alerts give them. */
const DEPLOY_BOT = "deploy-bot";
const ALICE = "alice@example.com";
const CLOUDFORMATION = "AWSCloudFormation";

/** When the events happen, and when the event path reads (night-1 is at 02:00). */
const EVENT_TIME = "2026-11-20T09:00:01Z";
const READ_AT = "2026-11-20T09:00:05.000Z";
const NIGHT_2 = "2026-11-21T02:00:00.000Z";

/** Fixture ids the webapp trail's records name, swapped for the synthetic resources'. */
const FIXTURE = {
  dbInstance: "legacy-mysql",
  autoScalingGroup: "api-asg",
  listenerArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/api-alb/7b3d2c1a0f9e8d7c/9e8d7c6b5a4f3e2d",
  targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api-tg/1c2d3e4f5a6b7c8d",
  distribution: "E1WEBAPP2EXAMPLE",
  healthCheck: "0a1b2c3d-2222-4a5b-8c9d-0e1f2a3b4c5d",
  hostedZone: "Z0123456789ABCDEFGHIJ",
  /** The UPSERT of the fixture's ChangeResourceRecordSets: its name (without the final dot) and set identifier. */
  recordName: "api.example.com",
  setIdentifier: "api-primary",
  bucket: "webapp-assets",
};

describe("the event path on each resource type", () => {
  let w: World;

  beforeEach(async () => {
    w = await world(dynamo);
  });

  async function nightOne(): Promise<void> {
    await w.nightly("night-1");
    w.at(READ_AT);
  }

  /** The finding of a rule on a resource as the table holds it (gone ones included); undefined when none is stored. */
  async function storedFinding(ruleId: string, type: ResourceType, id: string) {
    const previous = await w.store.loadPrevious(w.account.accountId);
    return previous!.findings.find((f) => f.ruleId === ruleId && f.resource.type === type && f.resource.id === id);
  }

  async function openStatus(ruleId: string, id: string): Promise<string[]> {
    const open = await w.store.openFindings(w.account.accountId);
    return open.filter((f) => f.ruleId === ruleId && f.resource.id === id).map((f) => f.status);
  }

  async function nightTwoFor(id: string) {
    w.at(NIGHT_2);
    return (await w.nightly("night-2")).filter((t) => t.resource.id === id);
  }

  function expectAlert(message: AlertMessage | undefined, expected: { severity: string; ruleId: string; name: string; by?: string }): void {
    // A long name gives way to who made the change, within SNS's 99 characters.
    expect(message?.subject).toContain(`${expected.severity} ${expected.ruleId} on ${expected.name.slice(0, 20)}`);
    expect(message?.body).toContain(`${expected.name} (${REGION})`);
    if (expected.by) expect(message?.subject).toContain(`by ${expected.by}`);
  }

  it("AWS::RDS::DBInstance: ModifyDBInstance turning automated backups off", async () => {
    const db = backedUpInstance(w);
    const id = db.DBInstanceIdentifier!;
    await nightOne();
    expect(await storedFinding("rds-backup-enabled", "AWS::RDS::DBInstance", id)).toMatchObject({ status: "PASS" });

    db.BackupRetentionPeriod = 0;
    const result = await w.react(eventOf("ModifyDBInstance", w.account, EVENT_TIME, { [FIXTURE.dbInstance]: id }));

    expect(result.batchItemFailures).toEqual([]);
    expect(w.sent).toHaveLength(1);
    expectAlert(w.sent[0], { severity: "MEDIUM", ruleId: "rds-backup-enabled", name: id, by: DEPLOY_BOT });
    expect(w.sent[0]!.body).toContain("REGRESSED medium rds-backup-enabled: automated backups are turned off");
    expect(await openStatus("rds-backup-enabled", id)).toEqual(["FAIL"]);
    expect(await nightTwoFor(id)).toEqual([]);
  });

  it("AWS::S3::Bucket, a type not read by id: PutBucketVersioning suspending versioning, the bucket list read whole and the bucket kept; a low finding recorded without an email", async () => {
    const storage = w.account.global.storage;
    const bucket = storage.buckets.find((b) => b.BucketRegion === REGION && storage.versioning.get(b.Name!) === "Enabled")!;
    const name = bucket.Name!;
    await nightOne();
    expect(await storedFinding("s3-bucket-versioning", "AWS::S3::Bucket", name)).toMatchObject({ status: "PASS" });

    storage.versioning.set(name, "Suspended");
    const before = w.endpoint.calls.length;
    const result = await w.react(eventOf("PutBucketVersioning", w.account, EVENT_TIME, { [FIXTURE.bucket]: name }));

    expect(result.batchItemFailures).toEqual([]);
    expect(w.endpoint.calls.slice(before).map((c) => c.operation)).toContain("ListBuckets");
    // Low: below the default alert severity (medium).
    expect(w.sent).toEqual([]);
    expect(await openStatus("s3-bucket-versioning", name)).toEqual(["FAIL"]);
    expect((await storedFinding("s3-bucket-versioning", "AWS::S3::Bucket", name))!.reason).toContain("versioning is Suspended");
    // The other buckets the list returned are not judged, nor written.
    expect(result.results[0]).toMatchObject({ status: "recorded", read: 1 });
    expect(await nightTwoFor(name)).toEqual([]);
  });

  it("AWS::AutoScaling::AutoScalingGroup: UpdateAutoScalingGroup leaving the load balancer's health checks", async () => {
    const group = w.account.regions[0]!.autoScalingGroups.find((g) => g.TargetGroupARNs!.length > 0 && g.HealthCheckType === "ELB")!;
    const name = group.AutoScalingGroupName!;
    await nightOne();
    expect(await storedFinding("asg-elb-health-check", "AWS::AutoScaling::AutoScalingGroup", name)).toMatchObject({ status: "PASS" });

    group.HealthCheckType = "EC2";
    const result = await w.react(eventOf("UpdateAutoScalingGroup", w.account, EVENT_TIME, { [FIXTURE.autoScalingGroup]: name }));

    expect(result.batchItemFailures).toEqual([]);
    expect(w.sent).toHaveLength(1);
    expectAlert(w.sent[0], { severity: "HIGH", ruleId: "asg-elb-health-check", name, by: ALICE });
    expect(await openStatus("asg-elb-health-check", name)).toEqual(["FAIL"]);
    expect(await nightTwoFor(name)).toEqual([]);
  });

  it("AWS::ElasticLoadBalancingV2::LoadBalancer: ModifyListener making the HTTP listener forward", async () => {
    const data = w.account.regions[0]!;
    const lb = data.loadBalancers.find((l) => l.Type === "application" && httpListener(data.listeners.get(l.LoadBalancerArn!))?.DefaultActions?.[0]?.Type === "redirect")!;
    const listeners = data.listeners.get(lb.LoadBalancerArn!)!;
    const http = httpListener(listeners)!;
    const forward = listeners.flatMap((l) => l.DefaultActions ?? []).find((a) => a.Type === "forward")!;
    const name = lb.LoadBalancerName!;
    await nightOne();
    expect(await storedFinding("elb-http-redirects-to-https", "AWS::ElasticLoadBalancingV2::LoadBalancer", name)).toMatchObject({ status: "PASS" });

    http.DefaultActions = [forward];
    const result = await w.react(eventOf("ModifyListener", w.account, EVENT_TIME, { [FIXTURE.listenerArn]: http.ListenerArn! }));

    expect(result.batchItemFailures).toEqual([]);
    expect(w.sent).toHaveLength(1);
    expectAlert(w.sent[0], { severity: "MEDIUM", ruleId: "elb-http-redirects-to-https", name, by: ALICE });
    expect(await openStatus("elb-http-redirects-to-https", name)).toEqual(["FAIL"]);
    expect(await nightTwoFor(name)).toEqual([]);
  });

  it("AWS::ElasticLoadBalancingV2::TargetGroup: ModifyTargetGroup disabling the health check, read by id, and the Auto Scaling groups using it not read: no rule of theirs looks a target group up", async () => {
    const data = w.account.regions[0]!;
    const group = data.targetGroups.find(
      (tg) => tg.LoadBalancerArns!.length > 0 && tg.HealthCheckIntervalSeconds! <= 60 && tg.UnhealthyThresholdCount! <= 5 && data.autoScalingGroups.some((g) => g.TargetGroupARNs!.includes(tg.TargetGroupArn!)),
    )!;
    const name = group.TargetGroupName!;
    await nightOne();
    expect(await storedFinding("elb-health-check-configured", "AWS::ElasticLoadBalancingV2::TargetGroup", name)).toMatchObject({ status: "PASS" });

    group.HealthCheckEnabled = false;
    const before = w.endpoint.calls.length;
    const result = await w.react(eventOf("ModifyTargetGroup", w.account, EVENT_TIME, { [FIXTURE.targetGroupArn]: group.TargetGroupArn! }));

    expect(result.batchItemFailures).toEqual([]);
    const calls = w.endpoint.calls.slice(before).map((c) => `${c.service}.${c.operation}`);
    expect(calls).toContain("ElasticLoadBalancingV2.DescribeTargetGroups");
    expect(calls).not.toContain("AutoScaling.DescribeAutoScalingGroups");
    expect(w.sent).toHaveLength(1);
    expectAlert(w.sent[0], { severity: "HIGH", ruleId: "elb-health-check-configured", name, by: ALICE });
    expect(w.sent[0]!.body).toContain("health check is disabled");
    expect(await openStatus("elb-health-check-configured", name)).toEqual(["FAIL"]);
    expect(await nightTwoFor(name)).toEqual([]);
  });

  it("AWS::CloudFront::Distribution: UpdateDistribution allowing HTTP from viewers", async () => {
    const { global } = w.account;
    const summary = global.distributions.find((d) => isHttpsOnly(d.DefaultCacheBehavior?.ViewerProtocolPolicy) && (d.CacheBehaviors?.Items ?? []).every((b) => isHttpsOnly(b.ViewerProtocolPolicy)))!;
    const id = summary.Id!;
    const name = summary.Aliases?.Items?.[0] ?? summary.DomainName!;
    await nightOne();
    expect(await storedFinding("cloudfront-https-only", "AWS::CloudFront::Distribution", id)).toMatchObject({ status: "PASS" });

    // GetDistributionConfig and ListDistributions both answer with the new setting.
    for (const settings of [summary, global.distributionConfigs.get(id)!]) settings.DefaultCacheBehavior = { ...settings.DefaultCacheBehavior!, ViewerProtocolPolicy: "allow-all" };
    const result = await w.react(eventOf("UpdateDistribution2020_05_31", w.account, EVENT_TIME, { [FIXTURE.distribution]: id }));

    expect(result.batchItemFailures).toEqual([]);
    expect(w.sent).toHaveLength(1);
    expectAlert(w.sent[0], { severity: "HIGH", ruleId: "cloudfront-https-only", name, by: CLOUDFORMATION });
    expect(await openStatus("cloudfront-https-only", id)).toEqual(["FAIL"]);
    expect(await nightTwoFor(id)).toEqual([]);
  });

  it("AWS::Route53::HealthCheck: DeleteHealthCheck of a failover record's check resolves the check as gone and fails the record", async () => {
    const { global } = w.account;
    const { zoneId, set } = failoverRecords(w).find(({ set }) => global.healthChecks.some((c) => c.Id === set.HealthCheckId))!;
    const checkId = set.HealthCheckId!;
    const recordId = recordSetId(zoneId, set);
    // A check nobody alarms on fails its own rule: its deletion resolves that finding, which is alerted on.
    global.healthCheckAlarms = global.healthCheckAlarms.filter((a) => !a.Dimensions?.some((d) => d.Name === "HealthCheckId" && d.Value === checkId));
    const checkName = global.route53Tags.get(`healthcheck/${checkId}`)!.find((t) => t.Key === "Name")!.Value!;
    await nightOne();
    expect(await storedFinding("route53-health-check-alarmed", "AWS::Route53::HealthCheck", checkId)).toMatchObject({ status: "FAIL" });
    expect(await storedFinding("route53-failover-health-checks", "AWS::Route53::RecordSet", recordId)).toMatchObject({ status: "PASS" });

    global.healthChecks = global.healthChecks.filter((c) => c.Id !== checkId);
    const result = await w.react(eventOf("DeleteHealthCheck", w.account, EVENT_TIME, { [FIXTURE.healthCheck]: checkId }));

    expect(result.batchItemFailures).toEqual([]);
    expect(w.sent).toHaveLength(2);
    const checkAlert = w.sent.find((m) => m.subject.includes("route53-health-check-alarmed"));
    const recordAlert = w.sent.find((m) => m.subject.includes("route53-failover-health-checks"));
    expect(checkAlert?.subject).toContain(`resolved route53-health-check-alarmed on ${checkName} by`);
    expect(checkAlert?.subject).toContain(`by ${ALICE}`);
    expectAlert(recordAlert, { severity: "HIGH", ruleId: "route53-failover-health-checks", name: set.Name! });
    expect(recordAlert?.body).toContain(`health check ${checkId} does not exist`);
    expect(await storedFinding("route53-health-check-alarmed", "AWS::Route53::HealthCheck", checkId)).toMatchObject({ status: "PASS", lifecycle: { gone: expect.anything() } });
    expect(await openStatus("route53-health-check-alarmed", checkId)).toEqual([]);
    expect(await openStatus("route53-failover-health-checks", recordId)).toEqual(["FAIL"]);
    w.at(NIGHT_2);
    expect((await w.nightly("night-2")).filter((t) => t.resource.id === checkId || t.resource.id === recordId)).toEqual([]);
  });

  it("AWS::Route53::RecordSet: ChangeResourceRecordSets leaving a failover record without its health check", async () => {
    const { global } = w.account;
    const { zoneId, set } = failoverRecords(w).find(({ set }) => !set.AliasTarget && global.healthChecks.some((c) => c.Id === set.HealthCheckId))!;
    const recordId = recordSetId(zoneId, set);
    await nightOne();
    expect(await storedFinding("route53-failover-health-checks", "AWS::Route53::RecordSet", recordId)).toMatchObject({ status: "PASS" });

    delete set.HealthCheckId;
    const ids = { [FIXTURE.hostedZone]: zoneId, [FIXTURE.recordName]: set.Name!.replace(/\.$/, ""), [FIXTURE.setIdentifier]: set.SetIdentifier! };
    const result = await w.react(eventOf("ChangeResourceRecordSets", w.account, EVENT_TIME, ids));

    expect(result.batchItemFailures).toEqual([]);
    expect(w.sent).toHaveLength(1);
    expectAlert(w.sent[0], { severity: "HIGH", ruleId: "route53-failover-health-checks", name: set.Name!, by: ALICE });
    expect(w.sent[0]!.body).toContain("has no health check");
    expect(await openStatus("route53-failover-health-checks", recordId)).toEqual(["FAIL"]);
    expect(await nightTwoFor(recordId)).toEqual([]);
  });

  it("a nightly run that collected before the event cannot put back what it saw", async () => {
    const db = backedUpInstance(w);
    const id = db.DBInstanceIdentifier!;
    // Its parameter group waits for a reboot: observed state beside the configuration, which the event path's record must keep too.
    db.DBParameterGroups = db.DBParameterGroups!.map((g) => ({ ...g, ParameterApplyStatus: "pending-reboot" }));
    await nightOne();
    expect(await storedFinding("rds-tls-enforced", "AWS::RDS::DBInstance", id)).toMatchObject({ status: "FAIL", reason: expect.stringContaining("pending a reboot") });
    // The next night's collection lists the instance before the change; its audit finishes after the event path read it.
    w.at("2026-11-20T09:00:00.000Z");
    const collectedFirst = await w.collect();

    db.BackupRetentionPeriod = 0;
    w.at(READ_AT);
    await w.react(eventOf("ModifyDBInstance", w.account, EVENT_TIME, { [FIXTURE.dbInstance]: id }));
    expect(w.sent).toHaveLength(1);
    expect(collectedFirst.takenAt < READ_AT).toBe(true);

    w.at("2026-11-20T09:20:00.000Z");
    const { report } = await w.audit(collectedFirst, "night-2-slow");

    expect(await openStatus("rds-backup-enabled", id)).toEqual(["FAIL"]);
    expect(report.findings.filter((f) => f.ruleId === "rds-backup-enabled" && f.resource.id === id).map((f) => f.status)).toEqual(["FAIL"]);
    expect((report.transitions ?? []).filter((t) => t.resource.id === id && t.kind !== "PERSISTING")).toEqual([]);
    expect((report.drift?.modified ?? []).filter((m) => m.resource.id === id)).toEqual([]);
  });
});

/** A DB instance judged on its own backups (no cluster, no replica) that keeps them long enough. */
function backedUpInstance(w: World): DBInstance {
  return w.account.regions[0]!.dbInstances.find((d) => !d.DBClusterIdentifier && !d.ReadReplicaSourceDBInstanceIdentifier && d.BackupRetentionPeriod! >= 7)!;
}

function httpListener(listeners: Listener[] | undefined): Listener | undefined {
  return listeners?.find((l) => l.Protocol === "HTTP");
}

function isHttpsOnly(policy: string | undefined): boolean {
  return policy === "redirect-to-https" || policy === "https-only";
}

/** Failover record sets of the account's zones, each with its zone's bare id. */
function failoverRecords(w: World): { zoneId: string; set: ResourceRecordSet }[] {
  return [...w.account.global.recordSets].flatMap(([zoneId, sets]) => sets.filter((set) => set.Failover).map((set) => ({ zoneId, set })));
}

/** As the Route 53 collector names a record set: "<zone id>/<name>/<type>[/<set identifier>]". */
function recordSetId(zoneId: string, set: ResourceRecordSet): string {
  return [zoneId, set.Name, set.Type, ...(set.SetIdentifier !== undefined ? [set.SetIdentifier] : [])].join("/");
}
