/**
 * Many nights of faults, checked against a model of the truth. A synthetic
 * organization on the synthetic endpoint (the real SDK, collectors, member
 * roles through STS), the findings table in dynalite, the nightly audit job
 * of each account and the event path's batch job, as deployed. Each night a
 * seeded set of changes is made (security groups opened to SSH and closed,
 * deleted), some of them reach the event path as CloudTrail events (some
 * twice, out of order, or never), and a seeded set of faults hits the runs.
 * After each night the table and the alerts are checked against what the
 * soak knows to be true. `npm run soak` prints the figures; a violation
 * names its invariant, night and seed, and the command that replays it.
 */
import type { IpPermission, SecurityGroup } from "@aws-sdk/client-ec2";
import type { Pluggable } from "@smithy/types";
import { allRules } from "../../rules/index.js";
import type { CloudTrailEvent } from "../../src/attribute/events.js";
import { allCollectors } from "../../src/collect/index.js";
import { collectAccount } from "../../src/collect/run.js";
import { parseConfig } from "../../src/config/config.js";
import { evaluateSnapshot } from "../../src/evaluate/evaluate.js";
import { runAccountAuditJob } from "../../src/lambda/audit-job.js";
import type { AuditJobDeps } from "../../src/lambda/audit-job.js";
import type { AuditEnvironment } from "../../src/lambda/environment.js";
import { reactJob } from "../../src/lambda/react-job.js";
import type { AlertMessage } from "../../src/publish/notify/alert-message.js";
import { eventAlerts } from "../../src/publish/notify/event-alert.js";
import type { Notifier } from "../../src/publish/notify/sns-notifier.js";
import { DynamoDbFindingsStore } from "../../src/publish/store/dynamodb-store.js";
import type { Finding } from "../../src/types/finding.js";
import { atLeast } from "../../src/types/finding.js";
import { compareText } from "../../src/types/order.js";
import type { FindingHistoryEntry } from "../../src/types/run-state.js";
import { testCredentials } from "../support/collect.js";
import { startDynalite, unprocessedItems } from "../support/dynalite.js";
import { awsError } from "../support/fake-aws.js";
import type { Fault } from "../support/faults.js";
import { accessDenied, failing, failingPage, MAIN_LISTS, withFaults, withoutId, withRetries } from "../support/faults.js";
import type { SyntheticAccount } from "../support/synthetic/account.js";
import { syntheticEndpoint } from "../support/synthetic/fake-endpoint.js";
import type { OrganizationMember } from "../support/synthetic/organization.js";
import { activeMembers, syntheticOrganization, syntheticOrganizationEndpoint } from "../support/synthetic/organization.js";
import { Random } from "../support/synthetic/random.js";

export interface SoakOptions {
  nights: number;
  seed: number;
  /** ACTIVE accounts, the management account among them. */
  accounts?: number;
  regions?: number;
  /** Resource records per account, drawn from this range. */
  resources?: { min: number; max: number };
  /** Called with each night's line as it ends. */
  log?: (line: string) => void;
}

export const NIGHT_FAULTS = [
  "account-denied",
  "service-denied",
  "throttled",
  "malformed-items",
  "page-failing",
  "deadline",
  "killed-after-alert",
  "killed-between-batches",
  "dynamodb-unprocessed",
  "duplicate-delivery",
  "concurrent-delivery",
  "sns-failing",
  "lookup-throttled",
  "event-during-nightly",
] as const;
export type NightFault = (typeof NIGHT_FAULTS)[number];
export const EVENT_FAULTS = ["event-duplicated", "event-lost", "events-reordered", "event-read-throttled"] as const;
export type EventFault = (typeof EVENT_FAULTS)[number];

export interface Violation {
  invariant: string;
  night: number;
  seed: number;
  detail: string;
}

export interface SoakFigures {
  nights: number;
  seed: number;
  accounts: number;
  resources: number;
  /** Nightly deliveries and event batches handled. */
  runs: { nightly: number; eventBatches: number };
  changes: number;
  faults: Record<NightFault | EventFault, number>;
  /** History entries (transitions) checked against the model. */
  transitionsChecked: number;
  violations: Violation[];
  /** Sent = expected + repeated after a kill − lost to a failing SNS, or the night has a violation. */
  alerts: { sent: number; expected: number; repeatedAfterKill: number; lostToSns: number };
  msPerNight: { median: number; max: number };
}

/** The people and services that make changes: drift causes may name these alone. */
const ACTORS = [
  { name: "alice@example.com", identity: (account: string) => ({ type: "AssumedRole", principalId: "AROAEXAMPLEID12345678:alice@example.com", arn: `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_AdminAccess_0123456789abcdef/alice@example.com`, accountId: account, sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdminAccess_0123456789abcdef`, accountId: account, userName: "AWSReservedSSO_AdminAccess_0123456789abcdef" } } }) },
  { name: "deploy-bot", identity: (account: string) => ({ type: "IAMUser", principalId: "AIDAJ45Q7YFFAREXAMPLE", arn: `arn:aws:iam::${account}:user/deploy-bot`, accountId: account, userName: "deploy-bot" }) },
];

const DAY = 86_400_000;
const FIRST_NIGHT = Date.parse("2026-11-01T02:00:00.000Z");
const ALERTING = new Set(["NEW", "REGRESSED", "RESOLVED"]);

interface Change {
  account: string;
  region: string;
  groupId: string;
  event: CloudTrailEvent;
}

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const { seed } = options;
  const random = new Random(seed);
  let now = FIRST_NIGHT;
  const clock = () => new Date(now);
  const organization = syntheticOrganization({ accounts: options.accounts ?? 20, regions: options.regions ?? 2, seed, resources: options.resources ?? { min: 60, max: 140 } });
  const members = activeMembers(organization);
  const regions = organization.regions;
  const endpoint = syntheticOrganizationEndpoint(organization, { latencyMs: 0, throttling: false, now: clock });
  const configText = `regions:\n${regions.map((r) => `  - ${r}`).join("\n")}\n`;
  const config = parseConfig(configText, "soak config", allRules);
  const dynamo = await startDynalite();
  const tableName = await dynamo.createTable();
  const env: AuditEnvironment = { tableName, configText, configSource: "soak config", reserveMs: 0 };
  const callerCredentials = async () => organization.callerCredentials;

  const faults = Object.fromEntries([...NIGHT_FAULTS, ...EVENT_FAULTS].map((kind) => [kind, 0])) as SoakFigures["faults"];
  const figures: SoakFigures = {
    nights: options.nights,
    seed,
    accounts: members.length,
    resources: 0,
    runs: { nightly: 0, eventBatches: 0 },
    changes: 0,
    faults,
    transitionsChecked: 0,
    violations: [],
    alerts: { sent: 0, expected: 0, repeatedAfterKill: 0, lostToSns: 0 },
    msPerNight: { median: 0, max: 0 },
  };
  const nightMs: number[] = [];
  let currentNight = 0;
  const sent: AlertMessage[] = [];
  const violate = (night: number, invariant: string, detail: string) => figures.violations.push({ invariant, night, seed, detail });
  const history = new Map<string, FindingHistoryEntry[]>();
  /** The stored status of every finding at the end of the previous night, and when that was. */
  let lastStatuses = new Map<string, Finding["status"]>();
  let lastCheck = 0;
  /** Resources changed during a nightly run (event-during-nightly), and when: an earlier verdict on them is judged against an earlier truth. */
  const changedLate = new Map<string, number>();
  /** Finding id → its account, from the findings the table has held. */
  const findingAccounts = new Map<string, string>();
  const accountOfEntry = (entry: FindingHistoryEntry) => findingAccounts.get(entry.findingId);

  try {
    for (let night = 1; night <= options.nights; night++) {
      currentNight = night;
      const started = performance.now();
      now = FIRST_NIGHT + (night - 1) * DAY - 7 * 3_600_000; // 19:00 the evening before: the day's changes
      const changes = night === 1 ? [] : makeChanges(random, members, () => new Date(now += 60_000));
      figures.changes += changes.length;

      // The event path hears of some of the changes during the day.
      now += 3_600_000;
      const delivered: Change[] = [];
      for (const change of changes) {
        const draw = random.next();
        if (draw < 0.25) faults["event-lost"] += 1;
        else if (draw < 0.35) (faults["event-duplicated"] += 1), delivered.push(change, change);
        else delivered.push(change);
      }
      if (delivered.length > 1 && random.next() < 0.5) (faults["events-reordered"] += 1), delivered.reverse();
      for (let i = 0; i < delivered.length; i += 10) {
        const batch = delivered.slice(i, i + 10);
        let pending = batch.map((change, k) => ({ messageId: `n${night}-e${i + k}`, body: JSON.stringify(envelope(change.event)) }));
        for (let attempt = 1; attempt <= 3 && pending.length > 0; attempt++) {
          const throttled = attempt === 1 && random.next() < 0.15;
          if (throttled) faults["event-read-throttled"] += 1;
          const plugins = throttled ? [withFaults(endpoint, regions.map((region) => failing({ service: "EC2", operation: "DescribeSecurityGroups", region }, () => awsError("RequestLimitExceeded", "Request limit exceeded.", 503)))).plugin] : [endpoint.plugin];
          const result = await react(pending, plugins);
          const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
          pending = pending.filter((m) => failed.has(m.messageId));
          now += 60_000;
        }
      }

      // The nightly run of each account, with the night's faults.
      now = FIRST_NIGHT + (night - 1) * DAY;
      const runId = `night-${night}`;
      const faulted = new Map<string, NightFault>();
      for (const member of members) {
        if (night > 1 && random.next() < 0.35) {
          const kind = NIGHT_FAULTS[random.int(0, NIGHT_FAULTS.length - 1)]!;
          if (kind === "account-denied" && member.id === organization.managementAccountId) continue;
          faulted.set(member.id, kind);
          faults[kind] += 1;
        }
      }
      const nightlySent = new Map<string, number>();
      for (const member of members) {
        const fault = faulted.get(member.id);
        const outcome = await nightlyRun(member, fault, runId);
        figures.runs.nightly += outcome.deliveries;
        nightlySent.set(member.id, outcome.sent);
        now += 1_000;
      }

      // Check the night against the truth.
      const truth = await truthNow();
      figures.resources = [...truth.values()].reduce((n, t) => n + t.resources, 0);
      const items = await dynamo.items(tableName);
      checkNight(night, items, truth, faulted);
      checkAlerts(night, runId, faulted, nightlySent);
      nightMs.push(performance.now() - started);
      options.log?.(`night ${night}: ${changes.length} changes, ${delivered.length} events, faults ${[...faulted.values()].join(", ") || "none"}; ${figures.violations.filter((v) => v.night === night).length} violations`);
    }
  } finally {
    await dynamo.stop();
  }
  figures.alerts.sent = sent.length;
  const sorted = [...nightMs].sort((a, b) => a - b);
  figures.msPerNight = { median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0), max: Math.round(sorted.at(-1) ?? 0) };
  return figures;

  /** One SQS batch through the event path's job, its alerts counted and its causes checked. */
  async function react(messages: { messageId: string; body: string }[], plugins: Pluggable<any, any>[]) {
    const store = new DynamoDbFindingsStore({ client: dynamo.client(), tableName, now: clock });
    const result = await reactJob(messages, { config, store, notifier: recorder(sent), collectors: allCollectors, logger: QUIET, accountId: organization.managementAccountId, credentials: callerCredentials, plugins, maxAttempts: 2, now: clock });
    figures.runs.eventBatches += 1;
    for (const r of result.results) {
      if (r.status !== "recorded") continue;
      figures.alerts.expected += eventAlerts([{ accountId: r.accountId, transitions: r.transitions }], config.alerts.minSeverity).length;
      for (const t of r.transitions) if (t.cause && !ACTORS.some((a) => a.name === t.cause!.actor.name)) violate(currentNight, "causes name only the model's actors", `event path named ${t.cause.actor.name} for ${t.findingId}`);
    }
    return result;
  }

  async function nightlyRun(member: OrganizationMember & { account: SyntheticAccount }, fault: NightFault | undefined, runId: string) {
    const notifier = recorder(sent);
    const before = sent.length;
    let deliveries = 0;
    const endpointFaults: Fault[] = [];
    const region = regions[0]!;
    if (fault === "service-denied") endpointFaults.push(failing({ service: "EC2", operation: "DescribeSecurityGroups", region }, () => accessDenied("EC2", "ec2:DescribeSecurityGroups")));
    if (fault === "throttled") endpointFaults.push(failing({ service: "EC2", operation: "DescribeSecurityGroups", region }, () => awsError("RequestLimitExceeded", "Request limit exceeded.", 503)));
    if (fault === "malformed-items") endpointFaults.push(withoutId(MAIN_LISTS.ec2!, region, (group: SecurityGroup) => (group.GroupName ?? "").length % 3 === 0));
    if (fault === "page-failing") endpointFaults.push(failingPage(MAIN_LISTS.ec2!, region, 2, 3, () => awsError("InternalError", "An internal error has occurred", 500)));
    if (fault === "lookup-throttled") endpointFaults.push(...regions.map((r) => failing({ service: "CloudTrail", operation: "LookupEvents", region: r }, () => awsError("ThrottlingException", "Rate exceeded", 400))));
    if (fault === "account-denied") member.assumable = false;
    const plugins = endpointFaults.length > 0 ? [withFaults(endpoint, endpointFaults).plugin] : [endpoint.plugin];
    let killOnce = fault === "killed-after-alert";
    let batchFaultOnce = fault === "killed-between-batches";
    let raced = false;
    const deps = (delivery: string): AuditJobDeps => ({
      openStore: () => {
        // Killed between batches: some items never written; UnprocessedItems: some written only when sent again.
        const withheld = batchFaultOnce ? [unprocessedItems(3, Infinity).plugin] : fault === "dynamodb-unprocessed" ? [unprocessedItems(5, 2).plugin] : [];
        const store = new DynamoDbFindingsStore({ client: dynamo.client(withheld), tableName, batch: { maxAttempts: 3, baseDelayMs: 1 }, now: clock });
        batchFaultOnce = false;
        if (fault === "event-during-nightly" && !raced) {
          raced = true;
          // A change made and handled by the event path after this run collected and before it compares: the later read must stand.
          const loadPrevious = store.loadPrevious.bind(store);
          store.loadPrevious = async (...args) => {
            now += 1_000;
            const change = changeAccount(random, member, () => new Date(now));
            if (change) changedLate.set(`${change.account}/${change.groupId}`, now);
            if (change) await react([{ messageId: `race-${change.event.eventID}`, body: JSON.stringify(envelope(change.event)) }], [endpoint.plugin]);
            return loadPrevious(...args);
          };
        }
        if (!killOnce) return store;
        killOnce = false;
        // The process dies after the alert and before the record: the run item is never put.
        return Object.assign(Object.create(store) as DynamoDbFindingsStore, { recordRun: async () => Promise.reject(new Error("killed")) });
      },
      notifier: fault === "sns-failing" ? { send: async () => Promise.reject(awsError("InternalError", "SNS is failing", 500)) } : notifier,
      // Two attempts a call, not eight: a fault that outlasts them costs seconds, not minutes, of backoff.
      collectors: withRetries(allCollectors, 2),
      logger: QUIET,
      ...(fault === "deadline" && { deadline: now - 1 }),
      requestId: `${runId}-${member.id}`,
      deliveryId: delivery,
      accountId: organization.managementAccountId,
      plugins,
      credentials: callerCredentials,
      maxAttempts: 2,
      now: clock,
    });
    const request = { trigger: "schedule" as const, runId, account: { id: member.id, name: member.name }, notify: true };
    try {
      // Lambda's async invocation: a first attempt and two retries.
      for (let attempt = 1; attempt <= 3; attempt++) {
        deliveries += 1;
        try {
          if (fault === "concurrent-delivery" && attempt === 1) {
            deliveries += 1;
            const both = await Promise.allSettled([runAccountAuditJob(request, env, deps("a")), runAccountAuditJob(request, env, deps("b"))]);
            if (both.some((r) => r.status === "fulfilled")) break;
            continue;
          }
          await runAccountAuditJob(request, env, deps(`d${attempt}`));
          if (fault === "duplicate-delivery" && attempt === 1) {
            deliveries += 1;
            await runAccountAuditJob(request, env, deps("again"));
          }
          break;
        } catch {
          now += 1_000;
        }
      }
    } finally {
      member.assumable = member.id !== organization.managementAccountId;
    }
    // The event path's alerts during the run (event-during-nightly) are the event path's, counted there.
    return { deliveries, sent: sent.slice(before).filter((m) => m.attributes.trigger?.StringValue !== "event").length };
  }

  /**
   * One nightly alert for a run with a change at or above the alert severity:
   * none lost (but to a failing SNS, counted), none repeated (but by the
   * redelivery of a run that died after its alert and before its record,
   * which repeats rather than loses it: counted).
   */
  function checkAlerts(night: number, runId: string, faulted: Map<string, NightFault>, nightlySent: Map<string, number>): void {
    for (const member of members) {
      const alerting = [...history.values()].some((entries) =>
        entries.some((e) => e.runId === runId && e.transition && ALERTING.has(e.transition) && atLeast(e.severity, config.alerts.minSeverity) && accountOfEntry(e) === member.id),
      );
      const expected = alerting ? 1 : 0;
      const got = nightlySent.get(member.id) ?? 0;
      const fault = faulted.get(member.id);
      figures.alerts.expected += expected;
      if (fault === "sns-failing") {
        figures.alerts.lostToSns += expected;
        continue;
      }
      const repeats = got - expected;
      if (repeats > 0 && (fault === "killed-after-alert" || fault === "killed-between-batches")) figures.alerts.repeatedAfterKill += repeats;
      else if (repeats > 0) violate(night, "no alert sent twice", `${member.id}: ${got} nightly alerts for run ${runId}, ${expected} expected`);
      else if (repeats < 0) violate(night, "no alert lost", `${member.id}: no nightly alert for run ${runId}, whose changes call for one`);
    }
  }

  /** Each account as it is now, read without faults and judged: finding id → status. */
  async function truthNow(): Promise<Map<string, { resources: number; findings: Map<string, Finding["status"]> }>> {
    const truth = new Map<string, { resources: number; findings: Map<string, Finding["status"]> }>();
    for (const member of members) {
      const clean = syntheticEndpoint(member.account, { latencyMs: 0, throttling: false });
      const snapshot = await collectAccount({ accountId: member.id, regions, collectors: allCollectors, credentials: testCredentials, plugins: [clean.plugin], now: clock });
      const findings = evaluateSnapshot(snapshot, config.rules);
      truth.set(member.id, { resources: snapshot.resources.length, findings: new Map(findings.map((f) => [f.id, f.status])) });
    }
    return truth;
  }

  function checkNight(night: number, items: Record<string, unknown>[], truth: Awaited<ReturnType<typeof truthNow>>, faulted: Map<string, NightFault>): void {
    const stored = new Map<string, Finding>();
    for (const item of items) {
      if (item.kind === "finding") {
        const finding = item.finding as Finding;
        stored.set(finding.id, finding);
        findingAccounts.set(finding.id, finding.resource.accountId);
      }
      if (item.kind === "history") {
        const entry = item.entry as FindingHistoryEntry;
        const list = history.get(entry.findingId) ?? [];
        if (!list.some((e) => e.runId === entry.runId && e.at === entry.at)) list.push(entry);
        history.set(entry.findingId, list);
      }
    }
    const accountOf = (findingId: string) => stored.get(findingId)?.resource.accountId;
    for (const [findingId, entries] of history) {
      // A run's entry written again by its redelivery is one change (the store reads it once).
      const changes = entries.filter((e, i) => entries.findIndex((x) => x.runId === e.runId) === i).sort((a, b) => compareText(a.at, b.at));
      // This night's entries, since the last check, against the account as it is now.
      for (const entry of changes.filter((e) => Date.parse(e.at) > lastCheck)) {
        figures.transitionsChecked += 1;
        const account = accountOf(findingId);
        const resource = stored.get(findingId)?.resource;
        // Changed again after this entry, the truth of the night's end says nothing about it.
        if (resource && (changedLate.get(`${resource.accountId}/${resource.id}`) ?? 0) > Date.parse(entry.at)) continue;
        const status = account ? truth.get(account)?.findings.get(findingId) : undefined;
        // No false fix: a finding resolved this night does not fail in the account as it is.
        if (entry.transition === "RESOLVED" && status === "FAIL") violate(night, "no finding RESOLVED that still fails", `${findingId} (${account}) resolved by ${entry.runId} at ${entry.at}`);
      }
      // No change alerted twice: two alerting transitions of one direction in a row.
      const alerting = changes.filter((e) => e.transition && ALERTING.has(e.transition));
      for (let i = 1; i < alerting.length; i++) {
        const [a, b] = [alerting[i - 1]!, alerting[i]!];
        if (Date.parse(b.at) > lastCheck && (a.transition === "RESOLVED") === (b.transition === "RESOLVED")) violate(night, "no transition recorded (and alerted) twice", `${findingId}: ${a.transition} by ${a.runId}, then ${b.transition} by ${b.runId}`);
      }
    }
    // No history lost: a finding whose stored status changed since the last check has an entry of the change since then.
    for (const [id, finding] of stored) {
      const before = lastStatuses.get(id);
      if (before === undefined || before === finding.status) continue;
      if (!(history.get(id) ?? []).some((e) => Date.parse(e.at) > lastCheck && e.status === finding.status)) violate(night, "no history lost", `${id} went ${before} → ${finding.status} with no history entry of it`);
    }
    lastStatuses = new Map([...stored].map(([id, f]) => [id, f.status]));
    changedLate.clear();
    lastCheck = now;
    // Every change of a readable account is in the table after its clean night; the table holds no finding that is not true.
    for (const member of members) {
      // A night whose only fault is a change handled by the event path during the run is a clean night: the table must be true after it.
      if (faulted.has(member.id) && faulted.get(member.id) !== "event-during-nightly") continue;
      const truthFailing = [...truth.get(member.id)!.findings].filter(([, status]) => status === "FAIL").map(([id]) => id).sort();
      const storedFailing = [...stored.values()].filter((f) => f.resource.accountId === member.id && f.status === "FAIL").map((f) => f.id).sort();
      const missing = truthFailing.filter((id) => !storedFailing.includes(id));
      const extra = storedFailing.filter((id) => !truthFailing.includes(id));
      if (missing.length + extra.length > 0) violate(night, "the table is true after a clean night", `${member.id}: ${missing.length} failing findings missing (${missing.slice(0, 3).join(", ")}), ${extra.length} stored failing that pass (${extra.slice(0, 3).join(", ")})`);
    }
    // Alerts name only the model's actors.
    for (const message of sent) {
      for (const match of message.body.matchAll(/\bby (\S+?)(?: \(| at )/g)) {
        if (!ACTORS.some((a) => a.name === match[1]) && !match[1]!.endsWith(".amazonaws.com")) violate(night, "causes name only the model's actors", `alert "${message.subject}" names ${match[1]}`);
      }
    }
    // No recorded run without its items: every run item's account has the findings its run counted as failing.
    for (const item of items.filter((i) => i.kind === "run")) {
      const run = item.run as { id: string; accountId: string };
      const latest = items.filter((i) => i.kind === "run" && (i.run as { accountId: string }).accountId === run.accountId).map((i) => (i.run as { startedAt: string }).startedAt).sort().at(-1);
      if ((item.run as { startedAt: string }).startedAt !== latest) continue;
      if (!items.some((i) => i.kind === "finding" && (i.finding as Finding).resource.accountId === run.accountId)) violate(night, "no half-written run", `run ${run.id} of ${run.accountId} is recorded with no findings`);
    }
  }
}

/** The day's changes: in about half the accounts, one or two, each a CloudTrail record. */
function makeChanges(random: Random, members: (OrganizationMember & { account: SyntheticAccount })[], tick: () => Date): Change[] {
  return members.flatMap((member) => (random.next() < 0.5 ? Array.from({ length: random.int(1, 2) }, () => changeAccount(random, member, tick) ?? []).flat() : []));
}

/** A security group opened to SSH or closed again, now and then one deleted, by one of the model's actors; undefined when there is no group to change. */
function changeAccount(random: Random, member: OrganizationMember & { account: SyntheticAccount }, tick: () => Date): Change | undefined {
  const data = member.account.regions[random.int(0, member.account.regions.length - 1)]!;
  const groups = data.securityGroups.filter((g) => g.GroupName !== "default");
  if (groups.length === 0) return undefined;
  const group = groups[random.int(0, groups.length - 1)]!;
  const actor = ACTORS[random.int(0, ACTORS.length - 1)]!;
  let eventName: string;
  if (random.next() < 0.08) {
    data.securityGroups = data.securityGroups.filter((g) => g !== group);
    eventName = "DeleteSecurityGroup";
  } else if ((group.IpPermissions ?? []).some(sshFromInternet)) {
    group.IpPermissions = (group.IpPermissions ?? []).filter((p) => !sshFromInternet(p));
    eventName = "RevokeSecurityGroupIngress";
  } else {
    group.IpPermissions = [...(group.IpPermissions ?? []), { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }];
    eventName = "AuthorizeSecurityGroupIngress";
  }
  const at = tick().toISOString().replace(/\.\d{3}Z$/, "Z");
  const event: CloudTrailEvent = {
    eventID: `${member.id}-${at}-${group.GroupId}`,
    eventName,
    eventSource: "ec2.amazonaws.com",
    eventTime: at,
    awsRegion: data.region,
    userIdentity: actor.identity(member.id),
    sourceIPAddress: "198.51.100.7",
    requestParameters: { groupId: group.GroupId },
    responseElements: { _return: true },
    readOnly: false,
    recipientAccountId: member.id,
  };
  // What CloudTrail's LookupEvents answers the nightly run's attribution with.
  member.account.global.audit.lookupEvents.push(event as never);
  return { account: member.id, region: data.region, groupId: group.GroupId!, event };
}

const sshFromInternet = (p: IpPermission) => p.IpProtocol === "tcp" && p.FromPort === 22 && (p.IpRanges ?? []).some((r) => r.CidrIp === "0.0.0.0/0");

function envelope(event: CloudTrailEvent): Record<string, unknown> {
  return { version: "0", id: `eb-${event.eventID}`, "detail-type": "AWS API Call via CloudTrail", source: "aws.ec2", account: event.recipientAccountId, time: event.eventTime, region: event.awsRegion, resources: [], detail: event };
}

function recorder(sent: AlertMessage[]): Notifier {
  return { send: async (message) => (sent.push(message), `m-${sent.length}`) };
}

const QUIET = { info: () => undefined, warn: () => undefined, error: () => undefined };
