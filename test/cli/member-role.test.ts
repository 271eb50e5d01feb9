import { describe, expect, it } from "@jest/globals";
import { parse } from "yaml";
import { allCollectors } from "../../src/collect/index.js";
import { memberRoleTemplate } from "../../src/deploy/member-role.js";
import { runCli } from "../support/run-cli.js";

describe("driftwarden member-role", () => {
  it("prints the member role's CloudFormation template as YAML, granting the collectors' reads", async () => {
    const { code, stdout, stderr } = await runCli("member-role");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const template = parse(stdout);
    expect(template).toEqual(memberRoleTemplate());
    expect(template.Resources.AuditRole.Type).toBe("AWS::IAM::Role");
    const [statement] = template.Resources.AuditRole.Properties.Policies[0].PolicyDocument.Statement;
    expect(statement.Action).toEqual(expect.arrayContaining(allCollectors.flatMap((c) => c.permissions)));
  });
});
