import { beforeAll, describe, expect, it } from "@jest/globals";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ListAccountsCommand, OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import type { OrganizationAuditResult } from "../../bench/organization.js";
import { auditSyntheticOrganization, organizationMinimum } from "../../bench/organization.js";
import { nightlyCost } from "../../bench/organization-cost.js";
import type { OrganizationNightBench } from "../../bench/organization.js";
import { BENCH_END } from "../../scripts/readme-bench.js";
import { ORGANIZATION_BENCH_END, ORGANIZATION_BENCH_START, withOrganizationBench } from "../../scripts/readme-rules.js";
import { allCollectors } from "../../src/collect/index.js";
import { fixedClock } from "../support/clock.js";
import { temporaryDirectories } from "../support/temp-dirs.js";
import { callPlan, timeBounds } from "../support/synthetic/call-plan.js";
import type { EndpointCall } from "../support/synthetic/fake-endpoint.js";
import type { SyntheticOrganization, SyntheticOrganizationEndpoint } from "../support/synthetic/organization.js";
import { MANAGEMENT_ACCOUNT_ID, activeMembers, syntheticOrganization, syntheticOrganizationEndpoint } from "../support/synthetic/organization.js";

const NIGHT = "2026-11-01T02:00:00.000Z";
const directory = temporaryDirectories("driftwarden-org-bench-");
const isOwnService = (c: EndpointCall) => c.service !== "STS" && c.service !== "Organizations";

/** Calls answered (not throttled) by operation and region, as the call plan counts them. */
function answered(calls: EndpointCall[]): Record<string, number> {
  const made: Record<string, number> = {};
  for (const c of calls.filter((c) => c.outcome !== "throttled")) made[`${c.service}.${c.operation}/${c.region}`] = (made[`${c.service}.${c.operation}/${c.region}`] ?? 0) + 1;
  return made;
}

describe("the organization benchmark's fan-out (audit --org against a synthetic organization)", () => {
  // Five ACTIVE accounts over two regions: the management account (audited with the caller's own key), a large member,
  // a member whose role cannot be assumed, two small members; and one SUSPENDED member.
  const LARGE = 1;
  const DENIED = 2;
  // Each small account sends at most 14 requests to one (service, region), the large one 44: a bucket of 15
  // throttles only the large one, unless the accounts shared buckets (the small ones send 42 to EC2 in us-east-1).
  // The bucket refills in real time: slowly enough that the large account's burst empties it even on a busy machine
  // (its 44 requests would have to take 6 s), fast enough that the SDK's retries get every throttled request answered.
  const THROTTLING = { capacity: 15, refillPerSecond: 5 };
  let organization: SyntheticOrganization;
  let endpoint: SyntheticOrganizationEndpoint;
  let result: OrganizationAuditResult;

  beforeAll(async () => {
    organization = syntheticOrganization({ accounts: 5, suspended: 1, unassumable: [DENIED], regions: 2, seed: 4, resources: (position) => (position === LARGE ? 1000 : 40) });
    endpoint = syntheticOrganizationEndpoint(organization, { latencyMs: 0, throttling: THROTTLING, now: fixedClock(NIGHT) });
    result = await auditSyntheticOrganization({ organization, endpoint, maxAccounts: 5, directory: await directory(), at: new Date(NIGHT) });
  });

  const member = (position: number) => organization.members[position]!;
  const callsOf = (accountId: string) => endpoint.calls.filter((c) => c.accountId === accountId && isOwnService(c));

  it("audits every ACTIVE account, reports the one whose role is refused as unreadable, and skips the suspended one", () => {
    const runs = new Map(result.report.accounts!.map((a) => [a.accountId, a]));
    expect([...runs.keys()].sort()).toEqual(activeMembers(organization).map((m) => m.id).sort());
    for (const m of activeMembers(organization)) expect(runs.get(m.id)!.status).toBe(m.assumable || m.id === MANAGEMENT_ACCOUNT_ID ? "complete" : "unreadable");
    expect(runs.get(member(DENIED).id)!.reason).toMatch(new RegExp(`account ${member(DENIED).id}: cannot assume arn:aws:iam::${member(DENIED).id}:role/driftwarden-audit \\(AccessDenied\\)`));
    expect(result.report.skippedAccounts).toEqual([{ accountId: member(5).id, name: member(5).name, reason: "SUSPENDED" }]);
    expect(result.report.run.status).toBe("partial");
    // Nothing is read of the denied account, nor of the suspended one.
    expect(callsOf(member(DENIED).id)).toEqual([]);
    expect(callsOf(member(5).id)).toEqual([]);
  });

  it("reads each member only with the credentials assumed for it, and the management account with the caller's own", () => {
    for (const m of activeMembers(organization).filter((m) => m.id !== member(DENIED).id)) {
      const calls = callsOf(m.id);
      expect(calls.length).toBeGreaterThan(50);
      const keys = m.id === MANAGEMENT_ACCOUNT_ID ? [organization.callerCredentials.accessKeyId] : endpoint.keysOf(m.id);
      expect(keys.length).toBeGreaterThan(0);
      expect(new Set(calls.map((c) => c.accessKeyId))).toEqual(new Set(keys));
      // What was read is the account's own: every finding names it, and every ARN carries its id.
      const findings = result.report.findings.filter((f) => f.resource.accountId === m.id);
      expect(findings.length).toBeGreaterThan(0);
      // The organization's trail, which every member sees, is the management account's.
      const owners = findings.filter((f) => !f.resource.arn?.startsWith(`arn:aws:cloudtrail:us-east-1:${MANAGEMENT_ACCOUNT_ID}:`)).map((f) => f.resource.arn?.split(":")[4]);
      expect(new Set(owners.filter(Boolean))).toEqual(new Set([m.id]));
    }
    // AssumeRole and discovery are the caller's own calls.
    const callerCalls = endpoint.calls.filter((c) => !isOwnService(c));
    expect(new Set(callerCalls.map((c) => c.accessKeyId))).toEqual(new Set([organization.callerCredentials.accessKeyId]));
    expect(callerCalls.filter((c) => c.operation === "AssumeRole").map((c) => c.outcome)).toEqual(expect.arrayContaining(["ok", "ok", "ok", "error"]));
  });

  it("makes exactly the single-account call plan's calls for each account it can read", () => {
    const collectors = allCollectors.map((c) => c.service);
    for (const m of activeMembers(organization).filter((m) => m.id !== member(DENIED).id)) {
      const planned: Record<string, number> = {};
      for (const plan of callPlan(m.account, collectors)) {
        for (const op of plan.operations) if (op.calls > 0) planned[`${op.service}.${op.operation}/${plan.region}`] = (planned[`${op.service}.${op.operation}/${plan.region}`] ?? 0) + op.calls;
      }
      expect(answered(callsOf(m.id))).toEqual(planned);
    }
  });

  it("gives every account its own token buckets: the large account's throttling never reaches the others", () => {
    const large = callsOf(member(LARGE).id);
    expect(large.filter((c) => c.outcome === "throttled").length).toBeGreaterThan(0);
    // Each throttled request was retried until it was answered.
    expect(large.filter((c) => c.attempt > 1).length).toBe(large.filter((c) => c.outcome === "throttled").length);
    const small = [0, 3, 4].map((position) => callsOf(member(position).id));
    for (const calls of small) expect(calls.filter((c) => c.outcome === "throttled")).toEqual([]);
    // They ran side by side, and together sent one (service, region) more than a bucket holds.
    const ec2 = small.flat().filter((c) => c.service === "EC2" && c.region === "us-east-1");
    expect(ec2.length).toBeGreaterThan(THROTTLING.capacity);
    const largeEnds = Math.max(...large.map((c) => c.end));
    for (const calls of small) expect(Math.min(...calls.map((c) => c.start))).toBeLessThan(largeEnds);
  });
});

describe("organizationMinimum", () => {
  it("is discovery, then the slowest account or the accounts' summed minimums spread over maxAccounts, whichever is longer", () => {
    const organization = syntheticOrganization({ accounts: 3, suspended: 0, regions: 1, seed: 2, resources: () => 40 });
    const plan = { accounts: organization.members.map((m) => ({ accountId: m.id, connection: {}, ...(m.id !== MANAGEMENT_ACCOUNT_ID && { role: { roleName: "driftwarden-audit" } }) })) } as never;
    const each = organization.members.map((m) => timeBounds(callPlan(m.account!, allCollectors.map((c) => c.service)), 50, false).lowerBoundMs);
    const readable = new Set(organization.members.map((m) => m.id));
    // GetCallerIdentity and one ListAccounts page; each member's AssumeRole before its reads.
    const one = organizationMinimum(organization, plan, readable, { latencyMs: 50, throttling: false, maxAccounts: 1 });
    expect(one.discoveryMs).toBe(100);
    expect(one.sumOfAccountsMs).toBe(each[0]! + each[1]! + 50 + each[2]! + 50);
    expect(one.minimumMs).toBe(100 + one.sumOfAccountsMs);
    const three = organizationMinimum(organization, plan, readable, { latencyMs: 50, throttling: false, maxAccounts: 3 });
    expect(three.fanOutMs).toBe(Math.round(Math.max(three.slowestAccountMs, three.sumOfAccountsMs / 3)));
    // An account that cannot be entered costs its one AssumeRole.
    const denied = organizationMinimum(organization, plan, new Set([MANAGEMENT_ACCOUNT_ID]), { latencyMs: 50, throttling: false, maxAccounts: 1 });
    expect(denied.sumOfAccountsMs).toBe(each[0]! + 50 + 50);
  });
});

describe("nightlyCost", () => {
  it("counts the parent's three transitions and one per child execution, and bills the functions' GB-seconds at 2048 MB", () => {
    const cost = nightlyCost({ accounts: 500, accountDurationsMs: Array(500).fill(1200), cpuMs: 50_000, minimum: { sumOfAccountsMs: 100_000 }, maxAccounts: 10 });
    expect(cost.transitions).toBe(503);
    expect(cost.invocations).toBe(502);
    expect(cost.stepFunctionsUsd).toBeCloseTo(0.0126, 4);
    // Alone: 100 ms of CPU and 200 ms of minimum per account; plus discovery, digest and ten cold starts at a second each.
    expect(cost.lambdaAlone.perAccountMs).toBe(300);
    expect(cost.lambdaAlone.gbSeconds).toBeCloseTo(((500 * 300 + 12_000) / 1000) * 2, 1);
    expect(cost.lambdaMeasured.gbSeconds).toBeCloseTo(((500 * 1200 + 12_000) / 1000) * 2, 1);
    expect(cost.totalUsd).toBeCloseTo(cost.stepFunctionsUsd + cost.lambdaAlone.usd, 4);
  });
});

describe("the synthetic organization's endpoint", () => {
  const organization = syntheticOrganization({ accounts: 44, suspended: 2, unassumable: [3], regions: 1, seed: 6, resources: () => 40, externalId: "nightly-audit" });
  const clock = { at: Date.parse(NIGHT) };
  const endpoint = syntheticOrganizationEndpoint(organization, { latencyMs: 0, throttling: false, now: () => new Date(clock.at) });
  const client = <T extends { middlewareStack: { use(p: unknown): void } }>(made: T) => (made.middlewareStack.use(endpoint.plugin), made);
  const caller = { region: "us-east-1", credentials: organization.callerCredentials };

  it("lists the accounts as Organizations pages them: at most 20 a page, ACTIVE and SUSPENDED, with their fields", async () => {
    const organizations = client(new OrganizationsClient(caller));
    const pages = [];
    for await (const page of paginateListAccounts({ client: organizations }, {})) pages.push(page);
    expect(pages.map((p) => p.Accounts!.length)).toEqual([20, 20, 6]);
    const accounts = pages.flatMap((p) => p.Accounts!);
    expect(accounts.filter((a) => a.State === "SUSPENDED")).toHaveLength(2);
    expect(accounts[0]).toEqual({
      Id: MANAGEMENT_ACCOUNT_ID,
      Arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:account/o-a1b2c3d4e5/${MANAGEMENT_ACCOUNT_ID}`,
      Email: "aws+management@example.com",
      Name: "management",
      Status: "ACTIVE",
      State: "ACTIVE",
      JoinedMethod: "CREATED",
      JoinedTimestamp: new Date("2025-06-01T09:00:00.000Z"),
    });
    await expect(organizations.send(new ListAccountsCommand({ MaxResults: 21 }))).rejects.toMatchObject({ name: "ValidationException", message: expect.stringMatching(/at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 20/) });
  });

  it("assumes a member role into credentials that name the account, and refuses a wrong ExternalId, an unassumable role and an expired session", async () => {
    const sts = client(new STSClient(caller));
    const memberId = organization.members[1]!.id;
    const roleArn = `arn:aws:iam::${memberId}:role/driftwarden-audit`;
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "driftwarden-audit", DurationSeconds: 3600, ExternalId: "nightly-audit" }));
    expect(assumed.Credentials!.AccessKeyId).toMatch(new RegExp(`^ASIA${memberId}[0-9A-Z]{4}$`));
    expect(assumed.Credentials!.Expiration).toEqual(new Date(Date.parse(NIGHT) + 3_600_000));
    expect(assumed.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${memberId}:assumed-role/driftwarden-audit/driftwarden-audit`);

    const credentials = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };
    const asMember = client(new STSClient({ region: "us-east-1", credentials }));
    expect((await asMember.send(new GetCallerIdentityCommand({}))).Account).toBe(memberId);
    const vpcs = await client(new EC2Client({ region: "us-east-1", credentials })).send(new DescribeVpcsCommand({}));
    expect(vpcs.Vpcs!.length).toBeGreaterThan(0);
    expect(vpcs.Vpcs!.every((v) => v.OwnerId === memberId)).toBe(true);

    await expect(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "driftwarden-audit", ExternalId: "guess" }))).rejects.toMatchObject({
      name: "AccessDenied",
      message: `User: arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    });
    const unassumable = organization.members[3]!.id;
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${unassumable}:role/driftwarden-audit`, RoleSessionName: "driftwarden-audit", ExternalId: "nightly-audit" }))).rejects.toMatchObject({ name: "AccessDenied" });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "driftwarden-audit", DurationSeconds: 7200, ExternalId: "nightly-audit" }))).rejects.toMatchObject({
      name: "ValidationError",
      message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    });
    // A member may not list the organization.
    await expect(client(new OrganizationsClient({ region: "us-east-1", credentials })).send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: "AccessDeniedException" });

    clock.at += 3_600_000;
    await expect(asMember.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "ExpiredToken" });
  });
});

describe("withOrganizationBench (npm run docs)", () => {
  const night = {
    accounts: { listed: 505, audited: 500, unreadable: 0, skipped: 5 },
    regions: 4,
    maxAccounts: 10,
    wallMs: 71_400,
    cpuMs: 69_800,
    calls: { perAccount: 124.6, throttled: 0 },
    minimum: { minimumMs: 10_600 },
    ratio: 6.74,
    cost: { totalUsd: 0.0161, transitions: 503, lambdaAlone: { gbSeconds: 321.4 } },
  } as unknown as OrganizationNightBench;
  const results = { organization: { nights: [{ result: night, peakRssMb: 400 }], sweep: [] } } as never;
  const readme = `# tool\n\n<!-- bench:start -->\ntable\n${BENCH_END}\n\n## How it works\n`;

  it("puts the organization's figures in their own block after the benchmark section, and replaces them there the next time", () => {
    const once = withOrganizationBench(readme, results);
    expect(once).toContain(`${BENCH_END}\n\n${ORGANIZATION_BENCH_START}\nAn organization of 500 accounts × 4 regions`);
    const prose = once.replace(/\n/g, " ");
    expect(prose).toMatch(/is audited in 71\.4 s on a night with drift, 124\.6 calls an account and 0 throttled\./);
    expect(prose).toMatch(/measured ÷ minimum 6\.74\); the run is bound by CPU instead \(69\.8 s, 140 ms an account\)/);
    expect(once).toMatch(/cost about \$0\.02 \(503 state transitions, 321\s+GB-s\)\.\n<!-- organization-bench:end -->\n\n## How it works/);
    expect(once.split("\n").every((line) => line.length <= 80 || line.startsWith("<!--"))).toBe(true);
    expect(withOrganizationBench(once, results)).toBe(once);
    expect(once.indexOf(ORGANIZATION_BENCH_END)).toBeGreaterThan(once.indexOf(ORGANIZATION_BENCH_START));
  });

  it("prices the SDK's own work for the run's calls when the committed run measured it, and says nothing of it otherwise", () => {
    const measured = { ...night, calls: { ...night.calls, total: 62_500, clients: 19_000 } } as OrganizationNightBench;
    const withFloor = { organization: { nights: [{ result: measured, peakRssMb: 400 }], sweep: [], sdkCallCost: { callMs: 0.4, firstCallMs: 0.5 } } } as never;
    // 19,000 × 0.5 ms + 62,500 × 0.4 ms = 34.5 s, 3.3 × the 10.6 s minimum.
    expect(withOrganizationBench(readme, withFloor).replace(/\n/g, " ")).toMatch(
      /\(0\.4 ms a call, 0\.5 ms more for each of 19,000 clients' first\), is 34\.5 s on one thread, 3\.3× that minimum\. On Step Functions/,
    );
    expect(withOrganizationBench(readme, results)).not.toMatch(/SDK/);
  });

  it("leaves the README as it is when the committed run measured no organization", () => {
    expect(withOrganizationBench(readme, { organization: { skipped: true } } as never)).toBe(readme);
    expect(withOrganizationBench(readme, {} as never)).toBe(readme);
  });
});
