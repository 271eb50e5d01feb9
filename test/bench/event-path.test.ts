/** The event path's bench case: what it measures, on a small account, and the README block it fills. */
import { describe, expect, it } from "@jest/globals";
import { benchEventPath } from "../../bench/event-path.js";
import type { EventPathBench } from "../../bench/event-path.js";
import { EVENT_BENCH_END, EVENT_BENCH_START, withEventBench } from "../../scripts/readme-rules.js";

describe("the event path bench", () => {
  it("sends one alert for each change, reading the changed group and its attachments: two AWS calls an event", async () => {
    const r = await benchEventPath({ kind: "event-path", size: 300, regions: 1, events: 6, seed: 3, latencyMs: 0 });
    expect(r.alerts).toBe(6);
    expect(r.awsCallsByOperation).toEqual({ "EC2.DescribeSecurityGroups": 1, "EC2.DescribeNetworkInterfaces": 1 });
    expect(r.awsCallsPerEvent).toBe(2);
    expect(r.toAlertMs.median).toBeGreaterThan(0);
    expect(r.toAlertMs.p99).toBeGreaterThanOrEqual(r.toAlertMs.median);
    expect(r.handlerMs.median).toBeGreaterThanOrEqual(r.toAlertMs.median);
    expect(r.dynamodbCallsPerEvent).toBeGreaterThan(0);
  }, 60_000);
});

describe("withEventBench (npm run docs)", () => {
  const result: EventPathBench = {
    size: 2600,
    regions: 2,
    events: 1000,
    latencyMs: 50,
    toAlertMs: { median: 231, p99: 402, max: 480 },
    handlerMs: { median: 240, p99: 415 },
    alerts: 1000,
    awsCallsPerEvent: 2,
    awsCallsByOperation: { "EC2.DescribeSecurityGroups": 1, "EC2.DescribeNetworkInterfaces": 1 },
    dynamodbCallsPerEvent: 9,
  };
  const readme = `## Alerts\n\n${EVENT_BENCH_START}\nold\n${EVENT_BENCH_END}\n\n## Rules\n`;

  it("fills the event path's block from the committed run, in lines of at most 80 characters, the same each time", () => {
    const once = withEventBench(readme, { eventPath: { result, peakRssMb: 300 } } as never);
    const prose = once.replace(/\n/g, " ");
    expect(prose).toContain("1,000 events, one at a time");
    expect(prose).toContain("on an account of 2,600 resources in 2 regions with 50 ms on every AWS call");
    expect(prose).toContain("to its alert 231 ms median, 402 ms at the 99th percentile (240 ms median with the table's writes), 2 AWS calls an event (1 EC2.DescribeSecurityGroups, 1 EC2.DescribeNetworkInterfaces) and 9 DynamoDB requests; 1,000 alerts");
    expect(once).not.toContain("old");
    expect(once.split("\n").every((line) => line.length <= 80 || line.startsWith("<!--"))).toBe(true);
    expect(withEventBench(once, { eventPath: { result, peakRssMb: 300 } } as never)).toBe(once);
  });

  it("leaves the README as it is when the committed run did not measure the event path", () => {
    expect(withEventBench(readme, { eventPath: { skipped: true } } as never)).toBe(readme);
    expect(withEventBench(readme, {} as never)).toBe(readme);
  });
});
