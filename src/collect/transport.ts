/**
 * The HTTP transport every SDK client of the process sends through. Left to
 * itself, each client makes its own connection pool: a run makes one client
 * per service, region and account (about 40 an account, 20,000 for an
 * organization of 500), so each client's first request opened a connection of
 * its own, TLS handshake included, to a host the previous account's client had
 * just talked to. Shared, the clients of every account reuse the connections
 * (and TLS sessions) to each host. Measured by `npm run bench -- --only
 * transport` (1,600 clients of 200 accounts, 10 at once, 4 calls each, over
 * TLS): 1,600 connections alone, 80 shared; CPU 10.3–13.3 s → 7.0–8.5 s.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** A client's destroy() destroys its transport: shared, it must stay open for every other client. */
class SharedHttpHandler extends NodeHttpHandler {
  override destroy(): void {}
}

/**
 * Sockets per host are not capped: the run's own limits (accounts at once,
 * each service's concurrency) bound the requests in flight, as they did when
 * each client had a pool of its own. Idle keep-alive sockets do not hold the
 * process open (Node unrefs them), so nothing needs closing at the end.
 */
const AGENT_OPTIONS = { keepAlive: true, maxSockets: Infinity };

let shared: NodeHttpHandler | undefined;

export function sharedTransport(): NodeHttpHandler {
  return (shared ??= new SharedHttpHandler({ httpAgent: new HttpAgent(AGENT_OPTIONS), httpsAgent: new HttpsAgent(AGENT_OPTIONS) }));
}
