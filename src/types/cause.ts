/**
 * Who made a change and how, from the CloudTrail event that made it: the
 * attribution stage (src/attribute/) sets these on drift and transitions,
 * reports print them ("by alice (role AdminSSO) at 14:02 UTC,
 * AuthorizeSecurityGroupIngress from 198.51.100.7").
 */

/** The principal behind an event, readable. */
export interface Actor {
  /** CloudTrail's userIdentity.type: IAMUser, AssumedRole, Root, AWSService, FederatedUser, IdentityCenterUser, AWSAccount. */
  type: string;
  /** The IAM user, the assumed role's session name (often the person's SSO name), "root", or the AWS service. */
  name: string;
  /** For an assumed role: the role's name (sessionContext.sessionIssuer.userName). */
  role?: string;
  /** userIdentity.arn, or the session issuer's ARN. */
  principalArn?: string;
  accountId?: string;
}

/** The CloudTrail event that made a change. */
export interface ChangeCause {
  eventId: string;
  eventName: string;
  /** ec2.amazonaws.com, s3.amazonaws.com, … */
  eventSource: string;
  /** ISO 8601, as CloudTrail gives it. */
  eventTime: string;
  /** The region the event was recorded in (us-east-1 for CloudFront, Route 53 and IAM). */
  region: string;
  actor: Actor;
  sourceIpAddress?: string;
  /** The AWS service that acted on the actor's behalf (userIdentity.invokedBy): cloudformation.amazonaws.com, autoscaling.amazonaws.com. */
  invokedBy?: string;
  /** Other write events on the same resource in the window, oldest first, when there were several. */
  earlier?: { eventId: string; eventName: string; eventTime: string; actor: string }[];
}

/**
 * A region whose CloudTrail events of the window could not all be read
 * (AccessDenied, throttling past retries, the run's deadline, a page cut
 * short): its drift is given no cause, since a name from part of the events
 * could be the wrong one.
 */
export interface AttributionUnavailable {
  region: string;
  /** The error's code: AccessDeniedException, ThrottlingException, Deadline, IncompleteLookup, … */
  code: string;
  message: string;
}
