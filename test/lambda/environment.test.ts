import { describe, expect, it } from "@jest/globals";
import { ConfigError } from "../../src/config/errors.js";
import { auditEnvironment } from "../../src/lambda/environment.js";

// Each case passes its own environment: nothing here reads or changes process.env.
const base = { DRIFTWARDEN_TABLE: "driftwarden-findings" };

describe("auditEnvironment", () => {
  it("keeps 90 s back from the timeout when DRIFTWARDEN_RESERVE_SECONDS is unset, and defaults the rest", () => {
    expect(auditEnvironment(base)).toEqual({ tableName: "driftwarden-findings", configText: "", reserveMs: 90_000 });
  });

  it("reads the reserve in seconds, fractions and 0 included, and the topic", () => {
    expect(auditEnvironment({ ...base, DRIFTWARDEN_RESERVE_SECONDS: "120" }).reserveMs).toBe(120_000);
    expect(auditEnvironment({ ...base, DRIFTWARDEN_RESERVE_SECONDS: "2.5" }).reserveMs).toBe(2_500);
    expect(auditEnvironment({ ...base, DRIFTWARDEN_RESERVE_SECONDS: "0" }).reserveMs).toBe(0);
    expect(auditEnvironment({ ...base, DRIFTWARDEN_TOPIC_ARN: "arn:aws:sns:us-east-1:111122223333:alerts" }).topicArn).toBe("arn:aws:sns:us-east-1:111122223333:alerts");
  });

  it("reads an empty DRIFTWARDEN_RESERVE_SECONDS as unset, not as 0", () => {
    expect(auditEnvironment({ DRIFTWARDEN_TABLE: "driftwarden-findings", DRIFTWARDEN_RESERVE_SECONDS: " " }).reserveMs).toBe(90_000);
  });

  it.each(["ninety", "-1", "Infinity", "90s"])("refuses DRIFTWARDEN_RESERVE_SECONDS=%s, naming the variable and the value", (value) => {
    const read = () => auditEnvironment({ ...base, DRIFTWARDEN_RESERVE_SECONDS: value });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(`DRIFTWARDEN_RESERVE_SECONDS must be a number of seconds, got "${value}"`);
  });

  it("refuses to start without its findings table", () => {
    expect(() => auditEnvironment({})).toThrow(new ConfigError("DRIFTWARDEN_TABLE is not set: the function needs its findings table"));
  });
});
