/**
 * A member account's credentials: one AssumeRole shared by every client of
 * the account's run, assumed again before they expire (never a one-hour cliff
 * in the middle of a large account), and a refusal named with the account.
 */
import { describe, expect, it } from "@jest/globals";
import type { Pluggable } from "@smithy/types";
import { DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { MEMBER_SESSION_NAME, MEMBER_SESSION_SECONDS, memberCredentials, memberRoleArn, REFRESH_BEFORE_MS, unreadableAccountErrors } from "../../src/collect/member-credentials.js";
import { isIncomplete } from "../../src/types/resource.js";
import { awsError } from "../support/fake-aws.js";
import { testCredentials } from "../support/collect.js";

const MEMBER = "222233334444";
const ROLE = { roleName: "driftwarden-audit", externalId: "dw-3f9c1e7a" };
const START = Date.parse("2026-11-01T02:00:00.000Z");

/** STS as the SDK's AssumeRole sees it: each answer's keys numbered, expiring an hour after the clock's time; or refusing. */
function fakeSts(clock: { at: number }, refuse?: Error) {
  const requests: Record<string, unknown>[] = [];
  /** Access key → when its session ends. */
  const expiries = new Map<string, number>();
  const plugin: Pluggable<any, any> = {
    applyToStack: (stack) =>
      stack.add(
        (_next, context) => async (args) => {
          if (context.commandName !== "AssumeRoleCommand") throw new Error(`unexpected ${String(context.commandName)}`);
          requests.push(args.input as Record<string, unknown>);
          if (refuse) throw refuse;
          const n = requests.length;
          expiries.set(`ASIAMEMBER${n}`, clock.at + MEMBER_SESSION_SECONDS * 1000);
          const output = {
            Credentials: { AccessKeyId: `ASIAMEMBER${n}`, SecretAccessKey: `secret-${n}`, SessionToken: `token-${n}`, Expiration: new Date(clock.at + MEMBER_SESSION_SECONDS * 1000) },
            AssumedRoleUser: { AssumedRoleId: `AROAEXAMPLE:${MEMBER_SESSION_NAME}`, Arn: `arn:aws:sts::${MEMBER}:assumed-role/${ROLE.roleName}/${MEMBER_SESSION_NAME}` },
          };
          return { response: {}, output: { $metadata: { httpStatusCode: 200 }, ...output } };
        },
        { step: "deserialize", name: "fakeSts", priority: "high" },
      ),
  };
  return { plugin, requests, expiries };
}

describe("memberCredentials", () => {
  it("assumes the member role once for all the account's clients, with the ExternalId and a one-hour session", async () => {
    const clock = { at: START };
    const sts = fakeSts(clock);
    const credentials = memberCredentials(MEMBER, ROLE, { credentials: testCredentials, plugins: [sts.plugin] }, () => new Date(clock.at));
    const all = await Promise.all(Array.from({ length: 12 }, () => credentials()));
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(["ASIAMEMBER1"]));
    expect(sts.requests).toEqual([{ RoleArn: `arn:aws:iam::${MEMBER}:role/driftwarden-audit`, RoleSessionName: MEMBER_SESSION_NAME, DurationSeconds: 3600, ExternalId: "dw-3f9c1e7a" }]);
  });

  it("assumes it again before the credentials expire, not after", async () => {
    const clock = { at: START };
    const sts = fakeSts(clock);
    const credentials = memberCredentials(MEMBER, { roleName: ROLE.roleName }, { credentials: testCredentials, plugins: [sts.plugin] }, () => new Date(clock.at));
    const first = await credentials();
    // Still more than the refresh margin left: the same session.
    clock.at = first.expiration!.getTime() - REFRESH_BEFORE_MS - 1000;
    expect((await credentials()).accessKeyId).toBe("ASIAMEMBER1");
    // Inside the margin (and before the SDK clients' own five minutes): a new session, valid another hour.
    clock.at = first.expiration!.getTime() - REFRESH_BEFORE_MS + 1000;
    const second = await credentials();
    expect(second.accessKeyId).toBe("ASIAMEMBER2");
    expect(second.expiration!.getTime() - clock.at).toBe(3600_000);
    expect(sts.requests).toHaveLength(2);
    // No ExternalId when the role's trust policy asks for none.
    expect(sts.requests[1]).not.toHaveProperty("ExternalId");
  });

  it("lets a refusal through, and asks again on the next call rather than keeping it", async () => {
    const clock = { at: START };
    const denied = awsError("AccessDenied", `User: arn:aws:sts::111122223333:assumed-role/driftwarden-audit-fn/fn is not authorized to perform: sts:AssumeRole on resource: ${memberRoleArn(MEMBER, ROLE)}`, 403);
    const sts = fakeSts(clock, denied);
    const credentials = memberCredentials(MEMBER, ROLE, { credentials: testCredentials, plugins: [sts.plugin] }, () => new Date(clock.at));
    await expect(credentials()).rejects.toThrow("not authorized to perform: sts:AssumeRole");
    await expect(credentials()).rejects.toThrow("not authorized to perform: sts:AssumeRole");
    expect(sts.requests).toHaveLength(2);
  });
});

describe("a long account's run", () => {
  it("signs every request with a session that has not expired, assuming the role again mid-run", async () => {
    // Twenty minutes pass between two requests: a three-hour account outlives two sessions.
    const clock = { at: START };
    const sts = fakeSts(clock);
    const signed: { key: string; at: number }[] = [];
    const ec2: Pluggable<any, any> = {
      applyToStack: (stack) =>
        stack.add(
          () => async (args) => {
            // After signing (finalizeRequest), before any deserializer: the request as it would leave.
            const authorization = String((args.request as { headers: Record<string, string> }).headers.authorization);
            signed.push({ key: /Credential=([A-Z0-9]+)\//.exec(authorization)![1]!, at: clock.at });
            clock.at += 20 * 60_000;
            return { response: {}, output: { $metadata: { httpStatusCode: 200 }, SecurityGroups: [] } };
          },
          { step: "deserialize", name: "fakeEc2", priority: "high" },
        ),
    };
    const credentials = memberCredentials(MEMBER, ROLE, { credentials: testCredentials, plugins: [sts.plugin] }, () => new Date(clock.at));
    const client = new EC2Client({ region: "eu-west-1", credentials, maxAttempts: 1 });
    client.middlewareStack.use(ec2);
    for (let page = 0; page < 10; page += 1) await client.send(new DescribeSecurityGroupsCommand({}));
    client.destroy();
    expect(signed.map((s) => s.key)).toEqual([...Array(3).fill("ASIAMEMBER1"), ...Array(3).fill("ASIAMEMBER2"), ...Array(3).fill("ASIAMEMBER3"), "ASIAMEMBER4"]);
    // Never within the refresh margin of its session's end, so never past it.
    for (const { key, at } of signed) expect(sts.expiries.get(key)! - at).toBeGreaterThan(REFRESH_BEFORE_MS);
  });
});

describe("unreadableAccountErrors", () => {
  const denied = awsError("AccessDenied", `User: arn:aws:sts::111122223333:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${memberRoleArn(MEMBER, ROLE)}`, 403);

  it("names the account, the role and the reason in every audited region and us-east-1, leaving every type incomplete", () => {
    const errors = unreadableAccountErrors(MEMBER, ROLE, ["eu-west-1", "eu-central-1"], denied);
    expect(errors.map((e) => [e.service, e.region, e.operation, e.code])).toEqual([
      ["sts", "eu-central-1", "AssumeRole", "AccessDenied"],
      ["sts", "eu-west-1", "AssumeRole", "AccessDenied"],
      ["sts", "us-east-1", "AssumeRole", "AccessDenied"],
    ]);
    expect(errors[0]!.message).toMatch(/^account 222233334444: cannot assume arn:aws:iam::222233334444:role\/driftwarden-audit \(AccessDenied\): User: .* is not authorized .*; the role may be missing/);
    for (const region of ["eu-west-1", "eu-central-1"]) expect(isIncomplete(errors, region, "AWS::EC2::SecurityGroup")).toBe(true);
    expect(isIncomplete(errors, "us-east-1", "AWS::CloudFront::Distribution")).toBe(true);
  });

  it("keeps to the types a run of some services reads, and gives no hint for other codes", () => {
    const [error] = unreadableAccountErrors(MEMBER, ROLE, ["us-east-1"], awsError("RegionDisabledException", "STS is not activated in this region for account:222233334444.", 403), ["AWS::RDS::DBInstance"]);
    expect(error).toMatchObject({ region: "us-east-1", code: "RegionDisabledException", resourceTypes: ["AWS::RDS::DBInstance"] });
    expect(error!.message).not.toContain("the role may be missing");
  });
});
