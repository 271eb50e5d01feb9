/** The lease a delivery takes on its run id before collecting (FindingsStore.claimRun). */

/** Lambda's longest timeout: a job given no deadline holds its lease as long as any invocation can run. */
export const DEFAULT_LEASE_MS = 15 * 60_000;

/**
 * Who holds the lease: the request id, and the delivery id when there is one.
 * Lambda's async queue can deliver one request id twice, at once; the
 * delivery id tells those apart.
 */
export function leaseHolder(requestId: string, deliveryId?: string): string {
  return deliveryId ? `${requestId}/${deliveryId}` : requestId;
}

/**
 * The lease lasts until the invocation ends, the deadline plus the reserve
 * kept back for recording: by then Lambda has stopped the delivery, so a
 * retry may take the run over without finding it still at work.
 */
export function leaseEnd(startedAt: Date, deadline: number | undefined, reserveMs: number): Date {
  return new Date(deadline !== undefined ? deadline + reserveMs : startedAt.getTime() + DEFAULT_LEASE_MS);
}
