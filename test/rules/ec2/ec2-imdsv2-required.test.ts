import { expect } from "@jest/globals";
import rule from "../../../rules/ec2/ec2-imdsv2-required.js";
import { asg } from "../../support/asg-builders.js";
import { collectionError } from "../../support/builders.js";
import { describedInstance, launchTemplate, templateData } from "../../support/ec2-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const required = templateData({ HttpTokens: "required", HttpEndpoint: "enabled" });
const optional = templateData({ HttpTokens: "optional", HttpEndpoint: "enabled" });
const disabled = templateData({ HttpTokens: "optional", HttpEndpoint: "disabled" });
/** A version that sets no MetadataOptions: the AMI's or the account's default applies at launch. */
const unset = templateData(undefined);

const LT = "lt-0123456789abcdef0";
/** Version 1 requires IMDSv2, 2 allows IMDSv1, 3 sets nothing, 4 requires it again; $Default is 1, $Latest 4. */
const web = (options: { defaultVersion?: number; read?: number[] | null } = {}) =>
  launchTemplate({ id: LT, name: "web-template", versions: [required, optional, unset, required], ...options });
const byId = (version?: string) => ({ id: LT, name: "web-template", ...(version && { version }) });
const byName = (version: string) => ({ name: "web-template", version });
const group = (name: string, launchTemplate: { id?: string; name?: string; version?: string }) => asg(name, { launchTemplate });
const groupsUnread = collectionError("autoscaling", "autoscaling:DescribeAutoScalingGroups", ["AWS::AutoScaling::AutoScalingGroup"]);

ruleTester.run(rule, {
  pass: [
    { name: "instance requiring IMDSv2", resource: describedInstance(), reason: /HttpTokens: required/ },
    {
      name: "instance with the metadata service disabled",
      resource: describedInstance({ MetadataOptions: { State: "applied", HttpTokens: "optional", HttpEndpoint: "disabled" } }),
      reason: /HttpEndpoint: disabled/,
    },
    { name: "template by id, $Default", resource: web(), related: [group("web-asg", byId("$Default"))], reason: /version 1 \(\$Default\), launched by web-asg, requires IMDSv2/ },
    { name: "template by name, $Latest", resource: web(), related: [group("web-asg", byName("$Latest"))], reason: /version 4 \(\$Latest\)/ },
    {
      name: "two groups on different versions, both requiring it",
      resource: web(),
      related: [group("web-asg", byId("1")), group("canary-asg", byName("$Latest"))],
      evidence: { uses: [expect.objectContaining({ autoScalingGroup: "canary-asg", versionNumber: 4 }), expect.objectContaining({ autoScalingGroup: "web-asg", version: "1", versionNumber: 1 })] },
    },
    {
      name: "numbered version with the metadata service disabled",
      resource: launchTemplate({ id: LT, versions: [optional, disabled] }),
      related: [group("web-asg", { id: LT, version: "2" })],
      reason: /disables the metadata service/,
    },
  ],
  fail: [
    {
      name: "instance allowing IMDSv1",
      resource: describedInstance({ MetadataOptions: { State: "applied", HttpTokens: "optional", HttpEndpoint: "enabled" } }),
      reason: /IMDSv1 is allowed \(HttpTokens: optional/,
      severity: "high",
      evidence: { httpTokens: "optional", httpEndpoint: "enabled" },
    },
    { name: "pending instance allowing IMDSv1", resource: describedInstance({ State: { Code: 0, Name: "pending" }, MetadataOptions: { HttpTokens: "optional" } }) },
    { name: "template by name, numbered version allowing IMDSv1", resource: web(), related: [group("web-asg", byName("2"))], reason: /version 2, launched by web-asg, allows IMDSv1 \(HttpTokens: optional\)/ },
    {
      name: "$Latest version without MetadataOptions",
      resource: web({ defaultVersion: 3 }),
      related: [group("web-asg", byId("$Default"))],
      reason: /version 3 \(\$Default\), launched by web-asg, does not set HttpTokens/,
      evidence: { uses: [expect.objectContaining({ httpTokens: null, versionNumber: 3 })] },
    },
    {
      name: "two groups on different versions, one allowing IMDSv1",
      resource: web(),
      related: [group("web-asg", byId("$Default")), group("legacy-asg", byId("2"))],
      reason: /^version 2, launched by legacy-asg/,
    },
    { name: "group naming no version launches $Default", resource: web({ defaultVersion: 2 }), related: [group("web-asg", byId())], reason: /version 2 \(\$Default\)/ },
    {
      name: "override of a mixed instances policy",
      resource: web(),
      related: [asg("mixed-asg", { launchTemplate: { id: "lt-0ffffffffffffffff", version: "$Default" }, overrideLaunchTemplates: [byId("3")] })],
      reason: /version 3, launched by mixed-asg/,
    },
    { name: "failing use seen although other groups were not read", resource: web(), related: [group("legacy-asg", byId("2"))], errors: [groupsUnread] },
  ],
  notApplicable: [
    { name: "stopped instance", resource: describedInstance({ State: { Code: 80, Name: "stopped" }, MetadataOptions: { HttpTokens: "optional" } }), reason: /stopped/ },
    { name: "template no group launches from", resource: web(), related: [group("other-asg", { id: "lt-0ffffffffffffffff", version: "$Latest" })], reason: /no Auto Scaling group in us-east-1/ },
    { name: "group naming another template by name", resource: web(), related: [group("other-asg", { name: "other-template", version: "2" })] },
    { name: "group in another region", resource: web(), related: [{ ...group("eu-asg", byId("2")), region: "eu-west-1" }] },
  ],
  error: [
    { name: "instance without MetadataOptions", resource: describedInstance({ MetadataOptions: undefined }), reason: /no MetadataOptions.HttpTokens/ },
    { name: "groups not collected", resource: web(), errors: [groupsUnread], reason: /AWS::AutoScaling::AutoScalingGroup in us-east-1 was not fully collected \(.*\), so groups launching from this template may be missing/ },
    { name: "passing uses, but groups not all collected", resource: web(), related: [group("web-asg", byId("$Default"))], errors: [groupsUnread], reason: /AWS::AutoScaling::AutoScalingGroup in us-east-1 was not fully collected \(.*\), so groups launching from this template may be missing/ },
    { name: "versions not read", resource: web({ read: null }), related: [group("web-asg", byId("$Default"))], reason: /versions were not collected/ },
    { name: "numbered version not read", resource: web({ read: [1, 4] }), related: [group("web-asg", byName("3"))], reason: /version 3 was not read/ },
    { name: "version that does not exist", resource: web(), related: [group("web-asg", byId("9"))], reason: /version 9 was not read/ },
  ],
});
