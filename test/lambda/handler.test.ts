import { describe, expect, it } from "@jest/globals";
import type { Context } from "aws-lambda";
import { handler } from "../../functions/audit.js";
import { handler as digestHandler } from "../../functions/digest.js";
import { handler as discoverHandler } from "../../functions/discover.js";

const context = {
  functionName: "driftwarden-dev-audit",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:driftwarden-dev-audit",
  memoryLimitInMB: "1024",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
  logGroupName: "/aws/lambda/driftwarden-dev-audit",
  logStreamName: "2026/11/22/[$LATEST]abcdef",
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 900_000,
} as unknown as Context;

describe("the audit handler", () => {
  it("rejects an invalid on-demand payload with a clear error before touching AWS", async () => {
    await expect(handler({ regions: "us-east-1", notify: "yes" }, context)).rejects.toMatchObject({
      name: "InvalidPayload",
      message: expect.stringMatching(/^invalid payload at regions: .*expected array/),
    });
  });

  it("says which setting is missing when deployed without its table", async () => {
    const saved = process.env.DRIFTWARDEN_TABLE;
    delete process.env.DRIFTWARDEN_TABLE;
    try {
      await expect(handler({ dryRun: true }, context)).rejects.toThrow("DRIFTWARDEN_TABLE is not set: the function needs its findings table");
    } finally {
      if (saved !== undefined) process.env.DRIFTWARDEN_TABLE = saved;
    }
  });
});

describe("the organization state machine's handlers", () => {
  it("refuse a Discover step input they cannot use, before touching AWS", async () => {
    await expect(discoverHandler({ execution: "nightly", input: { regions: ["us-east-1"] } }, context)).rejects.toMatchObject({
      name: "InvalidPayload",
      message: 'invalid payload: unknown field "regions". Expected {"runId"?: string} as the execution\'s input',
    });
  });

  it("refuse a Digest step input that is not the Map's results, before sending anything", async () => {
    await expect(digestHandler({ runId: "scheduled-night-1", accounts: "all" }, context)).rejects.toMatchObject({ name: "InvalidPayload", message: expect.stringMatching(/^invalid payload at accounts: /) });
  });
});
