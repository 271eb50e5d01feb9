import type { CollectionError, ResourceType } from "../types/resource.js";

/** Raised by a collector when a response lacks a field AWS always returns. */
export class MalformedResponseError extends Error {
  override name = "MalformedResponse";
  constructor(
    /** The missing field, as AWS names it: "HealthCheck.Interval". */
    readonly field: string,
  ) {
    super(`response has no ${field}`);
  }
}

/** Raised before a page request that would start after the run's deadline. */
export class DeadlineError extends Error {
  override name = "Deadline";
}

export function required<T>(value: T | undefined | null, field: string): T {
  if (value === undefined || value === null) throw new MalformedResponseError(field);
  return value;
}

interface AwsLikeError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function errorCode(error: unknown): string {
  const e = error as AwsLikeError;
  return e?.Code ?? e?.code ?? (e?.name && e.name !== "Error" ? e.name : undefined) ?? "Error";
}

/** The first line of an error's message. */
export function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}

/**
 * A failure that costs only these resources: each has the attributes it could
 * not fill marked unreadable, so the error names them and leaves their type complete.
 */
export function failedFor(cause: unknown, message: string, resourceIds: string[]): Error {
  return Object.assign(new Error(message), { name: errorCode(cause), resourceIds });
}

export function toCollectionError(
  error: unknown,
  where: { service: string; region: string; operation: string; resourceTypes: ResourceType[] },
): CollectionError {
  const message = error instanceof Error ? error.message : String(error);
  // Set by readEach when each failed item was marked unreadable on its own record.
  const resourceIds = (error as { resourceIds?: unknown })?.resourceIds;
  return { ...where, code: errorCode(error), message: message.split("\n")[0] || errorCode(error), ...(Array.isArray(resourceIds) && { resourceIds: resourceIds as string[] }) };
}

/** The call that enters a member account, named by the errors of an account that could not be entered (member-credentials.ts). */
export const ASSUME_ROLE_CALL = { service: "sts", operation: "AssumeRole" } as const;

/** Whether a collection error says the account was not entered at all: its member role could not be assumed. */
export function isUnreadableAccountError(error: Pick<CollectionError, "service" | "operation">): boolean {
  return error.service === ASSUME_ROLE_CALL.service && error.operation === ASSUME_ROLE_CALL.operation;
}

/**
 * The answer, or undefined when AWS answers with one of `codes`, by its wire
 * code (LoadBalancerNotFound) or the SDK's class name (DBInstanceNotFoundFault):
 * the resource was deleted since it was named.
 */
export async function unlessDeleted<T>(read: () => Promise<T>, codes: readonly string[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (codes.includes(errorCode(error)) || codes.includes((error as Error | undefined)?.name ?? "")) return undefined;
    throw error;
  }
}
