/** Who made a CloudTrail call, in words a report can print. */
import type { Actor } from "../types/cause.js";
import type { CloudTrailEvent } from "./events.js";

/**
 * The principal behind an event, from its userIdentity
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
 * For an assumed role the name is the session name, which IAM Identity Center
 * sets to the person's user name ("alice@example.com"), and the role is the
 * session issuer (an AWSReservedSSO_<permission set>_<hash> role for SSO).
 */
export function actorOf(event: Pick<CloudTrailEvent, "userIdentity">): Actor {
  const identity = event.userIdentity ?? {};
  const type = identity.type ?? "Unknown";
  const issuer = identity.sessionContext?.sessionIssuer;
  const principalArn = identity.arn ?? issuer?.arn;
  const accountId = identity.accountId ?? issuer?.accountId;
  const base = { type, ...(principalArn && { principalArn }), ...(accountId && { accountId }) };
  switch (type) {
    case "IAMUser":
      return { ...base, name: identity.userName ?? lastSegment(identity.arn) ?? principalName(identity.principalId) };
    case "AssumedRole": {
      // arn:aws:sts::123456789012:assumed-role/<role>/<session>; the principal id is "<role id>:<session>".
      const session = lastSegment(identity.arn) ?? principalName(identity.principalId);
      const role = issuer?.userName ?? roleOfAssumedRoleArn(identity.arn);
      return { ...base, name: session, ...(role && { role }) };
    }
    case "Root":
      return { ...base, name: "root" };
    case "AWSService":
      return { ...base, name: identity.invokedBy ?? "AWS service" };
    case "FederatedUser":
      // arn:aws:sts::123456789012:federated-user/<name>, from GetFederationToken.
      return { ...base, name: lastSegment(identity.arn) ?? principalName(identity.principalId) };
    case "IdentityCenterUser":
      // Calls to Identity Center-aware services record the identity store user id, not a name.
      return { ...base, name: identity.onBehalfOf?.userId ?? principalName(identity.principalId) };
    case "AWSAccount":
      // A principal of another account; CloudTrail names only its account (and principal id).
      return { ...base, name: identity.accountId ?? principalName(identity.principalId) };
    default:
      return { ...base, name: identity.userName ?? lastSegment(identity.arn) ?? principalName(identity.principalId) };
  }
}

/** "alice@example.com (role AWSReservedSSO_AdminAccess_0123456789abcdef)", "bob (IAM user)", "root", "autoscaling.amazonaws.com". */
export function actorLabel(actor: Actor): string {
  if (actor.type === "Root") return "root";
  if (actor.role && actor.role !== actor.name) return `${actor.name} (role ${actor.role})`;
  if (actor.type === "IAMUser") return `${actor.name} (IAM user)`;
  return actor.name;
}

function lastSegment(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const resource = arn.split(":").slice(5).join(":");
  const segment = resource.split("/").pop();
  return segment || undefined;
}

function roleOfAssumedRoleArn(arn: string | undefined): string | undefined {
  const match = /:assumed-role\/(?:.*\/)?([^/]+)\/[^/]+$/.exec(arn ?? "");
  return match?.[1];
}

function principalName(principalId: string | undefined): string {
  if (!principalId) return "unknown";
  return principalId.includes(":") ? principalId.slice(principalId.indexOf(":") + 1) : principalId;
}
