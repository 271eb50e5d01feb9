import { describe, expect, it } from "@jest/globals";
import { allRules } from "../rules/index.js";
import { defaultConfig, parseConfig } from "../src/config/config.js";
import { narrowRules, planRun, PlanError } from "../src/run-plan.js";

const ACCOUNT = "111122223333";
const config = (yaml = "") => (yaml ? parseConfig(yaml, "driftwarden.config.yaml", allRules) : defaultConfig(allRules));

describe("the run plan", () => {
  it("narrows the config's rules to those asked for, and keeps the reads the config's rules need", async () => {
    const plan = await planRun({ config: config("regions: [eu-west-1]"), rules: { ids: ["ec2-ssh-restricted"], where: "--rules" }, connection: {}, accountId: ACCOUNT });
    expect(plan.rules.map((r) => r.rule.id)).toEqual(["ec2-ssh-restricted"]);
    expect(plan.regions).toEqual(["eu-west-1"]);
    expect(plan.accounts).toEqual([{ accountId: ACCOUNT, connection: {} }]);
    // A narrowed run reads what a full run does, so its snapshot leaves no gap for the next full run to take for drift.
    expect(plan.reads).toEqual(config().reads);
    expect(plan.reads).toContain("cloudfront.distributionConfig");
  });

  it("reads nothing only a config-disabled rule needs", async () => {
    const plan = await planRun({ config: config("rules:\n  cloudfront-logging: false\n  cloudfront-default-root-object: false\n"), connection: {}, accountId: ACCOUNT, defaultRegion: "us-east-1" });
    expect(plan.reads).not.toContain("cloudfront.distributionConfig");
    expect(plan.rules.map((r) => r.rule.id)).not.toContain("cloudfront-logging");
  });

  it("refuses a rule the config disables and names an unknown one, with the input's own words", () => {
    const disabling = config("rules:\n  rds-multi-az: false\n");
    expect(() => narrowRules(disabling, { ids: ["rds-multi-az", "asg-multi-az"], where: "invalid payload at rules" })).toThrow(new PlanError("invalid payload at rules: rds-multi-az is disabled in driftwarden.config.yaml"));
    expect(() => narrowRules(disabling, { ids: ["asg-multiaz"], where: "--rules", hint: "; run `driftwarden rules` for the list" })).toThrow(
      '--rules: unknown rule id "asg-multiaz" (did you mean asg-multi-az?); run `driftwarden rules` for the list',
    );
  });

  it("takes the input's regions over the config's, falls back to the default region, and refuses a run with none", async () => {
    expect((await planRun({ config: config("regions: [eu-west-1]"), connection: {}, accountId: ACCOUNT, regions: ["us-west-2"] })).regions).toEqual(["us-west-2"]);
    expect((await planRun({ config: config(), connection: {}, accountId: ACCOUNT, defaultRegion: "ap-south-1" })).regions).toEqual(["ap-south-1"]);
    await expect(planRun({ config: config(), connection: {}, accountId: ACCOUNT })).rejects.toThrow(PlanError);
  });

  it("checks the rules before anything is prepared or looked up", async () => {
    const order: string[] = [];
    const asked = planRun({ config: config(), rules: { ids: ["nope"], where: "--rules" }, connection: {}, accountId: ACCOUNT, defaultRegion: "us-east-1", beforeAccount: async () => void order.push("prepared") });
    await expect(asked).rejects.toThrow(/unknown rule id "nope"/);
    expect(order).toEqual([]);
    await planRun({ config: config(), connection: {}, accountId: ACCOUNT, defaultRegion: "us-east-1", beforeAccount: async () => void order.push("prepared") });
    expect(order).toEqual(["prepared"]);
  });
});
