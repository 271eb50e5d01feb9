import { describe, expect, it } from "@jest/globals";
import { actorLabel, actorOf } from "../../src/attribute/actor.js";
import { causeOf } from "../../src/attribute/attribute.js";
import { eventNamed, fixtureEvents, trail } from "./fixtures.js";

const A = "111122223333";

describe("actorOf", () => {
  const events = [...trail(), ...fixtureEvents("identities.json")];

  it("names an IAM user", () => {
    expect(actorOf(eventNamed(events, "RevokeSecurityGroupIngress"))).toEqual({ type: "IAMUser", name: "deploy-bot", principalArn: `arn:aws:iam::${A}:user/deploy-bot`, accountId: A });
  });

  it("names an IAM Identity Center (SSO) session by its session name, with its permission set's role", () => {
    expect(actorOf(eventNamed(events, "AuthorizeSecurityGroupIngress"))).toEqual({
      type: "AssumedRole",
      name: "alice@example.com",
      role: "AWSReservedSSO_AdminAccess_0123456789abcdef",
      principalArn: `arn:aws:sts::${A}:assumed-role/AWSReservedSSO_AdminAccess_0123456789abcdef/alice@example.com`,
      accountId: A,
    });
  });

  it("keeps CloudFormation on the cause of a stack's change", () => {
    const cause = causeOf(eventNamed(events, "AuthorizeSecurityGroupEgress"));
    expect(cause.actor).toMatchObject({ type: "AssumedRole", name: "AWSCloudFormation", role: "cfn-deploy-role" });
    expect(cause.invokedBy).toBe("cloudformation.amazonaws.com");
    expect(cause.sourceIpAddress).toBe("cloudformation.amazonaws.com");
  });

  it("keeps Auto Scaling on an instance it launched", () => {
    const launched = events.filter((e) => e.eventName === "RunInstances")[1]!;
    expect(causeOf(launched)).toMatchObject({ actor: { name: "AutoScaling", role: "AWSServiceRoleForAutoScaling" }, invokedBy: "autoscaling.amazonaws.com" });
  });

  it("names the root user", () => {
    expect(actorOf(eventNamed(events, "CreateAccessKey"))).toEqual({ type: "Root", name: "root", principalArn: `arn:aws:iam::${A}:root`, accountId: A });
  });

  it("names an AWS service by its principal", () => {
    const backup = events.filter((e) => e.eventName === "UpdateContinuousBackups")[1]!;
    expect(actorOf(backup)).toEqual({ type: "AWSService", name: "backup.amazonaws.com" });
    expect(causeOf(backup).invokedBy).toBe("backup.amazonaws.com");
  });

  it("names a federated user", () => {
    const federated = events.filter((e) => e.eventName === "PutBucketVersioning")[1]!;
    expect(actorOf(federated)).toEqual({ type: "FederatedUser", name: "bob", principalArn: `arn:aws:sts::${A}:federated-user/bob`, accountId: A });
  });

  it("names an Identity Center user by its user id", () => {
    const user = events.filter((e) => e.eventName === "PutBucketAcl")[1]!;
    expect(actorOf(user)).toEqual({ type: "IdentityCenterUser", name: "544894e8-80c1-707f-60e3-3ba6510dfac1", accountId: A });
  });

  it("labels an actor with its role", () => {
    expect(actorLabel({ type: "AssumedRole", name: "alice@example.com", role: "AdminSSO" })).toBe("alice@example.com (role AdminSSO)");
    expect(actorLabel({ type: "Root", name: "root" })).toBe("root");
    expect(actorLabel({ type: "IAMUser", name: "bob" })).toBe("bob (IAM user)");
    // A service-linked role acting under its own name is named once.
    expect(actorLabel({ type: "AssumedRole", name: "AutoScaling", role: "AutoScaling" })).toBe("AutoScaling");
  });

  it("does not fail on an event without a userIdentity", () => {
    expect(actorOf({})).toEqual({ type: "Unknown", name: "unknown" });
  });
});
