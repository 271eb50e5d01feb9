import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { GetAccountSummaryCommand, IAMClient } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import type { AwsStub } from "aws-sdk-client-mock";
import { iamCollector } from "../../src/collect/iam.js";
import { CENTRALLY_MANAGED_ROOT, summaryMap } from "../support/audit-builders.js";
import { ACCOUNT, unreadableError } from "../support/builders.js";
import { accessDenied, collectWith } from "../support/collect.js";

const TYPE = "AWS::::Account";

describe("iam collector", () => {
  let iam: AwsStub<any, any, any>;

  beforeEach(() => {
    iam = mockClient(IAMClient);
  });

  afterEach(() => iam.restore());

  it("records the account once, in us-east-1, from the whole SummaryMap, keeping only the root user's keys", async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: summaryMap({ AccountAccessKeysPresent: 1 }) });
    const snapshot = await collectWith([iamCollector], ["eu-west-1", "us-east-1"]);
    expect(snapshot.errors).toEqual([]);
    expect(iam.commandCalls(GetAccountSummaryCommand)).toHaveLength(1);
    expect(snapshot.resources).toEqual([
      {
        type: TYPE,
        id: ACCOUNT,
        accountId: ACCOUNT,
        region: "us-east-1",
        name: ACCOUNT,
        tags: {},
        attributes: { rootMfaEnabled: true, rootAccessKeysPresent: true, rootSigningCertificatesPresent: false, rootPasswordPresent: true },
      },
    ]);
  });

  it("records an account whose root credentials the organization deleted", async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: summaryMap(CENTRALLY_MANAGED_ROOT) });
    const [account] = (await collectWith([iamCollector])).resources;
    expect(account!.attributes).toEqual({ rootMfaEnabled: false, rootAccessKeysPresent: false, rootSigningCertificatesPresent: false, rootPasswordPresent: false });
  });

  it("leaves rootPasswordPresent out of a summary without AccountPasswordPresent (the API reference's own example)", async () => {
    const { AccountPasswordPresent: _, ...older } = summaryMap();
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: older });
    const snapshot = await collectWith([iamCollector]);
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.resources[0]!.attributes).not.toHaveProperty("rootPasswordPresent");
  });

  it("keeps the account with rootMfaEnabled unreadable when the summary lacks AccountMFAEnabled", async () => {
    const { AccountMFAEnabled: _, ...damaged } = summaryMap();
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: damaged });
    const snapshot = await collectWith([iamCollector]);
    expect(snapshot.resources[0]!.unreadable).toEqual([{ attribute: "rootMfaEnabled", field: "SummaryMap.AccountMFAEnabled" }]);
    expect(snapshot.errors).toEqual([unreadableError("iam", "GetAccountSummary", TYPE, ACCOUNT, "SummaryMap.AccountMFAEnabled")]);
  });

  it("records nothing from an answer without a SummaryMap, and says the account was not read", async () => {
    iam.on(GetAccountSummaryCommand).resolves({});
    const snapshot = await collectWith([iamCollector]);
    expect(snapshot.resources).toEqual([]);
    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: "GetAccountSummary", code: "MalformedResponse", resourceTypes: [TYPE], message: `1 ${TYPE} item skipped: no SummaryMap` })]);
  });

  it("reports a denied GetAccountSummary as the account left incomplete", async () => {
    iam.on(GetAccountSummaryCommand).rejects(accessDenied("iam:GetAccountSummary"));
    const snapshot = await collectWith([iamCollector]);
    expect(snapshot.resources).toEqual([]);
    expect(snapshot.errors).toEqual([expect.objectContaining({ service: "iam", region: "us-east-1", operation: "GetAccountSummary", code: "AccessDenied", resourceTypes: [TYPE] })]);
  });
});
