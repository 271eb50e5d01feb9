import { describe, expect, it } from "@jest/globals";
import { allRules } from "../../rules/index.js";
import { parseConfig } from "../../src/config/config.js";
import { ConfigError } from "../../src/config/errors.js";

const parse = (yaml: string, source = "driftwarden.config.yaml") => parseConfig(yaml, source, allRules);

function errorOf(yaml: string, source?: string): string {
  try {
    parse(yaml, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain("\n");
    return (error as Error).message;
  }
  throw new Error("config was accepted");
}

describe("config files", () => {
  it("applies per-rule params over the defaults and disables rules", () => {
    const config = parse(`
regions: [us-east-1, eu-west-1]
rules:
  ec2-ssh-restricted:
    params: { allowedCidrs: [203.0.113.0/24] }
alerts: { minSeverity: high }
`);
    expect(config.regions).toEqual(["us-east-1", "eu-west-1"]);
    expect(config.alerts.minSeverity).toBe("high");
    const ssh = config.rules.find((r) => r.rule.id === "ec2-ssh-restricted");
    expect(ssh?.params).toMatchObject({ allowedCidrs: ["203.0.113.0/24"], ports: [22] });
    expect(parse("rules: { ec2-ssh-restricted: false }").disabledRules).toEqual(["ec2-ssh-restricted"]);
  });

  it("reads attribution (default on; `attribution: false` turns off live runs' CloudTrail reads)", () => {
    expect(parse("").attribution).toBe(true);
    expect(parse("attribution: false").attribution).toBe(false);
    expect(errorOf("attribution: maybe")).toMatch(/^driftwarden.config.yaml: attribution: /);
  });

  it("reads an organization run's settings and checks each", () => {
    const text = 'organization: { enabled: true, ous: [ou-a1b2-11111111, r-a1b2], excludeAccounts: ["444444444444"], roleName: driftwarden-audit, externalId: 3f9c1e7a, maxAccounts: 20, workers: 4 }';
    expect(parse(text).organization).toEqual({ enabled: true, ous: ["ou-a1b2-11111111", "r-a1b2"], excludeAccounts: ["444444444444"], roleName: "driftwarden-audit", externalId: "3f9c1e7a", maxAccounts: 20, workers: 4 });
    expect(parse("").organization).toBeUndefined();
    expect(errorOf('organization: { accounts: ["12345"] }')).toBe("driftwarden.config.yaml: organization.accounts[0]: a 12-digit account id");
    expect(errorOf("organization: { ous: [sandbox] }")).toBe("driftwarden.config.yaml: organization.ous[0]: an organizational unit (ou-…) or root (r-…) id");
    expect(errorOf("organization: { maxAccounts: 0 }")).toMatch(/^driftwarden.config.yaml: organization.maxAccounts: /);
    expect(errorOf("organization: { workers: 0 }")).toMatch(/^driftwarden.config.yaml: organization.workers: /);
    expect(errorOf("organization: { roleNmae: auditor }")).toBe(
      "driftwarden.config.yaml: organization.roleNmae: unknown key (did you mean roleName?); allowed here: enabled, ous, accounts, excludeAccounts, roleName, externalId, maxAccounts, workers",
    );
  });

  it("reads JSON by extension", () => {
    expect(parse('{"alerts":{"minSeverity":"low"}}', "c.json").alerts.minSeverity).toBe("low");
  });

  it("rejects a misspelt rule id, suggesting the right one", () => {
    expect(errorOf("rules: { ec2-ssh-restrictd: false }")).toMatch(/rules\.ec2-ssh-restrictd: unknown rule id \(did you mean ec2-ssh-restricted\?\)/);
  });

  it("rejects an unknown param, naming the allowed ones", () => {
    expect(errorOf("rules: { ec2-ssh-restricted: { params: { allowedCidr: [] } } }")).toMatch(
      /rules\.ec2-ssh-restricted\.params\.allowedCidr: unknown key \(did you mean allowedCidrs\?\).*allowed params: ports, allowedCidrs, publicPrefixLength/,
    );
  });

  it("rejects a param of the wrong type, naming the key", () => {
    expect(errorOf("rules: { ec2-ssh-restricted: { params: { ports: '22' } } }")).toMatch(/rules\.ec2-ssh-restricted\.params\.ports: .*expected array/i);
  });

  it("rejects unknown top-level keys, bad severities, regions and YAML", () => {
    expect(errorOf("region: [us-east-1]")).toMatch(/region: unknown key \(did you mean regions\?\); allowed here: regions, rules/);
    expect(errorOf("alerts: { minSeverity: urgent }")).toMatch(/alerts\.minSeverity: .*"critical"/);
    expect(errorOf("regions: [us-east-1, useast1]")).toMatch(/"useast1" is not an AWS region name/);
    // Every partition's names pass the shape check, the European Sovereign Cloud's among them.
    expect(parse("regions: [us-gov-west-1, cn-north-1, us-isob-east-1, eusc-de-east-1]").regions).toEqual(["us-gov-west-1", "cn-north-1", "us-isob-east-1", "eusc-de-east-1"]);
    expect(errorOf("rules: [oops")).toMatch(/not valid YAML/);
  });

  it("requires a reason on every suppression and a real date in expires", () => {
    expect(errorOf("suppressions: [{ rule: ec2-ssh-restricted }]")).toMatch(/suppressions\[0\]\.reason/);
    expect(errorOf("suppressions: [{ reason: x, expires: next-week }]")).toMatch(/suppressions\[0\]\.expires: .*2026-12-31/);
    expect(errorOf("suppressions: [{ reason: x, resource_id: sg-1 }]")).toMatch(/suppressions\[0\]\.resource_id: unknown key.*allowed here: rule, account, region, resource, tags/);
  });

  it("lists, for an unknown key, every key its section's schema allows", () => {
    expect(errorOf("store: { carryOverDay: 3 }")).toBe("driftwarden.config.yaml: store.carryOverDay: unknown key (did you mean carryOverDays?); allowed here: retentionDays, carryOverDays");
    expect(errorOf("alerts: { minSeverty: high }")).toBe("driftwarden.config.yaml: alerts.minSeverty: unknown key (did you mean minSeverity?); allowed here: minSeverity");
    expect(errorOf("rules: { ec2-ssh-restricted: { enable: false } }")).toMatch(/rules\.ec2-ssh-restricted\.enable: unknown key \(did you mean enabled\?\); allowed here: enabled, params$/);
  });
});
