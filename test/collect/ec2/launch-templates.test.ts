import { describe, expect, it } from "@jest/globals";
import { DescribeLaunchTemplateVersionsCommand, DescribeLaunchTemplatesCommand, EC2Client } from "@aws-sdk/client-ec2";
import type { DescribeLaunchTemplateVersionsCommandInput } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { ec2Collector } from "../../../src/collect/ec2/collector.js";
import { collectAccount } from "../../../src/collect/run.js";
import type { OptionalRead } from "../../../src/types/reads.js";
import type { InstanceAttributes, LaunchTemplateAttributes } from "../../../src/types/attributes.js";
import type { ResourceRecord } from "../../../src/types/resource.js";
import type { Ec2Account } from "../../fixtures/ec2/account.js";
import { INSTANCE, ec2Account } from "../../fixtures/ec2/account.js";
import { ACCOUNT } from "../../support/builders.js";
import { accessDenied, testCredentials, throttled } from "../../support/collect.js";
import { launchTemplateVersionsOf, serveAccount } from "./serve.js";

const ec2 = mockClient(EC2Client);
const LAUNCH_TEMPLATE = "AWS::EC2::LaunchTemplate";
const WEB = "lt-0a00000000000000a";
const BATCH = "lt-0b00000000000000b";
const API = "lt-0c00000000000000c";

/** Collects the fixture account with these optional reads planned (default: all). */
async function collect(reads?: OptionalRead[], account: Ec2Account = ec2Account, adjust: () => void = () => {}) {
  const requests = serveAccount(ec2, account);
  adjust();
  const snapshot = await collectAccount({
    accountId: ACCOUNT,
    regions: ["us-east-1"],
    collectors: [ec2Collector],
    credentials: testCredentials,
    maxAttempts: 3,
    ...(reads && { reads }),
    now: () => new Date("2026-11-01T02:00:00.000Z"),
  });
  const templates = snapshot.resources.filter((r) => r.type === LAUNCH_TEMPLATE) as unknown as ResourceRecord<LaunchTemplateAttributes>[];
  return { snapshot, requests, templates, template: (id: string) => templates.find((t) => t.id === id)! };
}

const versionInputs = () => ec2.commandCalls(DescribeLaunchTemplateVersionsCommand).map((call) => call.args[0].input);

describe("ec2 collector: launch templates", () => {
  it("records each template by id and name with its default and latest versions, paging at MaxResults 200", async () => {
    const { snapshot, requests, template } = await collect();
    expect(snapshot.errors).toEqual([]);
    expect(requests.DescribeLaunchTemplates!.map((r) => r.MaxResults)).toEqual([200, 200]);
    expect(template(WEB)).toMatchObject({
      id: WEB,
      name: "web",
      arn: `arn:aws:ec2:us-east-1:123456789012:launch-template/${WEB}`,
      tags: { Name: "web-launch-template" },
      attributes: { defaultVersion: 1, latestVersion: 3 },
    });
  });

  it("reads $Default and $Latest of every template in one call, and all versions only of templates with others", async () => {
    const { requests, template } = await collect();
    // As each request was sent (the paginator reuses one input object across pages).
    const inputs = requests.DescribeLaunchTemplateVersions as DescribeLaunchTemplateVersionsCommandInput[];
    // Region-wide: no template named, only the two symbolic versions (4 distinct versions; this fixture pages by 2).
    expect(inputs.filter((input) => !input.LaunchTemplateId)).toEqual([
      { Versions: ["$Latest", "$Default"], MaxResults: 200 },
      { Versions: ["$Latest", "$Default"], MaxResults: 200, NextToken: "token-2" },
    ]);
    // Only web (version 2 is neither $Default nor $Latest) and api (version 1) are read whole; batch has one version.
    const perTemplate = inputs.filter((input) => input.LaunchTemplateId).map((input) => `${input.LaunchTemplateId} ${input.MaxResults} ${input.NextToken ?? "-"}`);
    expect(perTemplate.sort()).toEqual([`${WEB} 200 -`, `${WEB} 200 token-2`, `${API} 200 -`].sort());
    expect(template(WEB).attributes.versions).toEqual([
      { version: 1, httpTokens: "required", httpEndpoint: "enabled", iamInstanceProfile: true },
      { version: 2, httpTokens: "optional", iamInstanceProfile: true },
      { version: 3, iamInstanceProfile: false },
    ]);
    expect(template(BATCH).attributes.versions).toEqual([{ version: 1, httpEndpoint: "disabled", iamInstanceProfile: false }]);
    expect(template(API).attributes.versions).toEqual([
      { version: 1, httpTokens: "optional", iamInstanceProfile: true },
      { version: 2, httpTokens: "required", iamInstanceProfile: true },
    ]);
  });

  it("skips every version read when no enabled rule needs them, and still lists the templates", async () => {
    const { snapshot, templates } = await collect([]);
    expect(snapshot.errors).toEqual([]);
    expect(versionInputs()).toEqual([]);
    expect(templates).toHaveLength(ec2Account.launchTemplates.length);
    for (const t of templates) expect(t.attributes).not.toHaveProperty("versions");
  });

  it("records the instances' metadata endpoint and instance profile from DescribeInstances, at no extra call", async () => {
    const { snapshot } = await collect([]);
    const web1 = snapshot.resources.find((r) => r.id === INSTANCE.web1) as unknown as ResourceRecord<InstanceAttributes>;
    expect(web1.attributes).toMatchObject({ httpTokens: "required", httpEndpoint: "enabled", iamInstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/web" });
  });

  it("a denied region-wide version read leaves the templates without versions and one error naming them", async () => {
    const { snapshot, templates } = await collect(undefined, ec2Account, () => ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(accessDenied("ec2:DescribeLaunchTemplateVersions")));
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeLaunchTemplateVersions", code: "AccessDenied", resourceTypes: [LAUNCH_TEMPLATE] })]);
    expect(templates).toHaveLength(3);
    for (const t of templates) expect(t.attributes).not.toHaveProperty("versions");
    // Nothing per template is tried after the region-wide read failed.
    expect(versionInputs()).toHaveLength(1);
    expect(versionInputs().every((input) => !input.LaunchTemplateId)).toBe(true);
  });

  it("a denied read of one template's versions keeps its $Default and $Latest, and the other templates whole", async () => {
    const { snapshot, template } = await collect(undefined, ec2Account, () =>
      ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: WEB }).rejects(accessDenied("ec2:DescribeLaunchTemplateVersions")),
    );
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ operation: "DescribeLaunchTemplateVersions", code: "AccessDenied", resourceTypes: [LAUNCH_TEMPLATE], message: expect.stringMatching(/^failed for 1 of 2 \(lt-0a00000000000000a\)/) }),
    ]);
    expect(template(WEB).attributes.versions!.map((v) => v.version)).toEqual([1, 3]);
    expect(template(API).attributes.versions!.map((v) => v.version)).toEqual([1, 2]);
  });

  it("a throttled read of one template's versions is one error, and the other templates keep theirs", async () => {
    const serve = launchTemplateVersionsOf(ec2Account, 2);
    const { snapshot, template } = await collect(undefined, ec2Account, () =>
      ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake((input: DescribeLaunchTemplateVersionsCommandInput) => {
        if (input.LaunchTemplateId === API) throw throttled("RequestLimitExceeded");
        return serve(input);
      }),
    );
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "DescribeLaunchTemplateVersions", code: "RequestLimitExceeded", resourceTypes: [LAUNCH_TEMPLATE] })]);
    expect(template(API).attributes.versions!.map((v) => v.version)).toEqual([2]);
    expect(template(WEB).attributes.versions).toHaveLength(3);
  });

  it("skips a template without its id, keeps one without its version numbers with those unreadable, and reads all of that one's versions", async () => {
    const [web, batch, api] = ec2Account.launchTemplates;
    const account = { ...ec2Account, launchTemplates: [{ ...web!, LaunchTemplateId: undefined }, { ...batch!, DefaultVersionNumber: undefined }, api!] };
    const { snapshot, templates, template } = await collect(undefined, account, () =>
      ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: account.launchTemplates }),
    );
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ operation: "DescribeLaunchTemplates", code: "MalformedResponse", message: "1 AWS::EC2::LaunchTemplate item skipped: no LaunchTemplateId", resourceTypes: [LAUNCH_TEMPLATE] }),
      expect.objectContaining({ operation: "DescribeLaunchTemplates", code: "MalformedResponse", resourceIds: [BATCH] }),
    ]);
    expect(templates.map((t) => t.id).sort()).toEqual([BATCH, API]);
    expect(template(BATCH).unreadable).toEqual([{ attribute: "defaultVersion", field: "DefaultVersionNumber" }]);
    expect(versionInputs().some((input) => input.LaunchTemplateId === BATCH)).toBe(true);
    expect(template(BATCH).attributes.versions).toEqual([{ version: 1, httpEndpoint: "disabled", iamInstanceProfile: false }]);
  });
});
