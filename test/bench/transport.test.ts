import { describe, expect, it } from "@jest/globals";
import type { TransportJob } from "../../bench/transport.js";
import { benchTransport, transportEndpoint } from "../../bench/transport.js";

describe("the transport benchmark (bench/transport)", () => {
  // Plain HTTP: connections are counted the same, and no certificate is needed.
  const shape = { kind: "transport", accounts: 6, hosts: 3, callsPerClient: 2, accountsAtOnce: 2, latencyMs: 1 } as const;

  it("counts a connection a client with transports of their own, and no more than the accounts at once need through the run's", async () => {
    const own = await benchTransport({ ...shape, transport: "per-client" } satisfies TransportJob, transportEndpoint);
    const shared = await benchTransport({ ...shape, transport: "shared" } satisfies TransportJob, transportEndpoint);
    for (const run of [own, shared]) expect(run).toMatchObject({ tls: false, clients: 18, requests: 36 });
    expect(own.connections).toBe(18);
    // Two accounts at once, a connection each to each of the three hosts at most.
    expect(shared.connections).toBeGreaterThan(0);
    expect(shared.connections).toBeLessThanOrEqual(6);
  });
});
