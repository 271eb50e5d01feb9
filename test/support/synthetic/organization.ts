/**
 * A synthetic AWS Organization: a management account and its members, each
 * a small synthetic account of its own (its id in every ARN and owner id),
 * served by one in-process endpoint that answers each request from the
 * account whose credentials signed it. The caller's own key belongs to a
 * user of the management account; STS AssumeRole of a member's role answers
 * with temporary credentials whose access key id names that member, and
 * every later request signed with them is answered from its resources and
 * drawn from its own token buckets. Organizations ListAccounts lists the
 * accounts as AWS pages them (20 at most). STS and Organizations answer on
 * the wire (Query XML, JSON 1.1), through the SDK's own deserializers.
 */
import { createHash } from "node:crypto";
import type { IpPermission } from "@aws-sdk/client-ec2";
import type { Account as OrganizationsAccount } from "@aws-sdk/client-organizations";
import type { Clock } from "../../../src/types/clock.js";
import { MEMBER_ROLE_SESSION_SECONDS } from "../../../src/deploy/member-role.js";
import { DEFAULT_MEMBER_ROLE } from "../../../src/organization-request.js";
import { awsError } from "../fake-aws.js";
import type { SyntheticAccount } from "./account.js";
import { syntheticAccount } from "./account.js";
import { MANAGEMENT_ACCOUNT_ID } from "./audit-trail.js";
import type { IncomingCall, SyntheticEndpointOptions, WireFormat, WireResponse } from "./fake-endpoint.js";
import { SyntheticEndpoint } from "./fake-endpoint.js";
import { CREATED, tagList } from "./ids.js";
import { ingress } from "./network.js";
import { Random } from "./random.js";
import { offsetPage, unsupported } from "./responses.js";

export { MANAGEMENT_ACCOUNT_ID };

/** o- and 10 to 32 lower-case letters or digits, as Organizations ids are. */
export const ORGANIZATION_ID = "o-a1b2c3d4e5";

export interface OrganizationMember {
  id: string;
  name: string;
  email: string;
  arn: string;
  status: "ACTIVE" | "SUSPENDED";
  joinedMethod: "CREATED" | "INVITED";
  joinedAt: Date;
  /** Its resources: an ACTIVE account's (a suspended one is listed, never read). */
  account?: SyntheticAccount;
  /** false: its member role cannot be assumed (missing, or not trusting the caller), and AssumeRole answers AccessDenied. */
  assumable: boolean;
}

export interface SyntheticOrganization {
  id: string;
  managementAccountId: string;
  /** Every account, the management account first, in the order ListAccounts lists them. */
  members: OrganizationMember[];
  regions: string[];
  /** The member role's name in every member account. */
  roleName: string;
  /** The sts:ExternalId the member role's trust policy requires, if any. */
  externalId?: string;
  /** The caller's own keys: a user of the management account. */
  callerCredentials: { accessKeyId: string; secretAccessKey: string };
}

export interface SyntheticOrganizationOptions {
  /** ACTIVE accounts, the management account among them. */
  accounts: number;
  /** SUSPENDED members listed besides them; default one per hundred ACTIVE accounts. */
  suspended?: number;
  /** Positions among the ACTIVE members (1 is the first after the management account) whose role cannot be assumed. */
  unassumable?: number[];
  /** A number of the default regions, or region names; default all four. */
  regions?: number | string[];
  seed?: number;
  /** Records per account: drawn evenly from a range (default 40 to 160), or given by position (0 is the management account). */
  resources?: { min: number; max: number } | ((position: number) => number);
  roleName?: string;
  externalId?: string;
}

const DEFAULT_RESOURCES = { min: 40, max: 160 };
const TEAMS = ["payments", "search", "checkout", "identity", "media", "analytics", "platform", "mobile"];
const STAGES = ["prod", "staging", "dev", "sandbox"];

export function syntheticOrganization(options: SyntheticOrganizationOptions): SyntheticOrganization {
  if (!Number.isInteger(options.accounts) || options.accounts < 1) throw new Error(`syntheticOrganization: accounts must be a whole number of at least 1 (the management account), got ${options.accounts}`);
  const seed = options.seed ?? 1;
  const random = new Random(seed);
  const sizes = options.resources ?? DEFAULT_RESOURCES;
  const sizeAt = typeof sizes === "function" ? sizes : () => random.int(sizes.min, sizes.max);
  const unassumable = new Set(options.unassumable ?? []);
  const suspended = options.suspended ?? Math.floor(options.accounts / 100);
  const ids = new Set<string>([MANAGEMENT_ACCOUNT_ID]);
  const newId = () => {
    let id: string;
    do id = String(random.int(200_000, 999_999)) + String(random.int(0, 999_999)).padStart(6, "0");
    while (ids.has(id));
    ids.add(id);
    return id;
  };

  const members: OrganizationMember[] = [];
  for (let position = 0; position < options.accounts + suspended; position++) {
    const management = position === 0;
    const active = position < options.accounts;
    const id = management ? MANAGEMENT_ACCOUNT_ID : newId();
    const name = management ? "management" : `${TEAMS[position % TEAMS.length]}-${STAGES[Math.floor(position / TEAMS.length) % STAGES.length]}-${String(position).padStart(3, "0")}`;
    const member: OrganizationMember = {
      id,
      name,
      email: `aws+${name}@example.com`,
      arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:account/${ORGANIZATION_ID}/${id}`,
      status: active ? "ACTIVE" : "SUSPENDED",
      joinedMethod: management || position % 7 !== 3 ? "CREATED" : "INVITED",
      joinedAt: new Date(CREATED.getTime() + position * 86_400_000),
      assumable: !management && active && !unassumable.has(position),
    };
    if (active) member.account = syntheticAccount({ resources: sizeAt(position), regions: options.regions ?? 4, seed: seed * 7919 + position, accountId: id });
    members.push(member);
  }
  const managementAccount = members[0]!.account!;
  ownTrailSelectors(managementAccount);
  return {
    id: ORGANIZATION_ID,
    managementAccountId: MANAGEMENT_ACCOUNT_ID,
    members,
    regions: managementAccount.regions.map((r) => r.region),
    roleName: options.roleName ?? DEFAULT_MEMBER_ROLE,
    ...(options.externalId && { externalId: options.externalId }),
    callerCredentials: { accessKeyId: `AKIA${MANAGEMENT_ACCOUNT_ID}AUDT`, secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
  };
}

/** The organization trail is the management account's own: it reads the trail's event selectors, which members are refused. */
function ownTrailSelectors(account: SyntheticAccount): void {
  for (const trail of account.global.audit.trails) {
    if (trail.IsOrganizationTrail && !account.global.audit.eventSelectors.has(trail.TrailARN!)) {
      account.global.audit.eventSelectors.set(trail.TrailARN!, { EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] });
    }
  }
}

/** The ACTIVE accounts, each with its resources. */
export function activeMembers(organization: SyntheticOrganization): (OrganizationMember & { account: SyntheticAccount })[] {
  return organization.members.filter((m): m is OrganizationMember & { account: SyntheticAccount } => m.status === "ACTIVE");
}

/**
 * A night's changes in every ACTIVE account, made in place: a security group
 * of its first region opened to SSH from the internet, a VPC tagged (every
 * other account), a volume deleted (every fifth), so that each account has
 * drift and a new failure to report.
 */
export function driftMembers(organization: SyntheticOrganization): void {
  activeMembers(organization).forEach(({ account }, position) => {
    const data = account.regions[0]!;
    const group = data.securityGroups.find((g) => !(g.IpPermissions ?? []).some(opensSsh));
    group?.IpPermissions?.push(ingress("tcp", [22, 22], ["0.0.0.0/0"], account.accountId));
    const vpc = data.vpcs[0];
    if (vpc && position % 2 === 0) vpc.Tags = [...(vpc.Tags ?? []), ...tagList({ "cost-center": "drifted" })];
    if (position % 5 === 0) data.volumes.pop();
  });
}

const opensSsh = (p: IpPermission) => (p.IpProtocol === "-1" || (p.IpProtocol === "tcp" && (p.FromPort ?? 0) <= 22 && (p.ToPort ?? 65535) >= 22)) && (p.IpRanges ?? []).some((r) => r.CidrIp === "0.0.0.0/0");

/** Credentials STS issued for a member role. */
export interface IssuedCredentials {
  accountId: string;
  sessionToken: string;
  expiration: Date;
  /** The assumed-role ARN the credentials act as. */
  arn: string;
}

export interface OrganizationEndpointOptions extends SyntheticEndpointOptions {
  /** When credentials are issued, and judged expired (ExpiredToken). */
  now: Clock;
}

/** The endpoint of a synthetic organization: see the file's comment. */
export class SyntheticOrganizationEndpoint extends SyntheticEndpoint {
  /** Every credential AssumeRole issued, by access key id. */
  readonly issued = new Map<string, IssuedCredentials>();
  private readonly members: Map<string, OrganizationMember>;
  private readonly now: Clock;
  private serial = 0;

  constructor(
    readonly organization: SyntheticOrganization,
    options: OrganizationEndpointOptions,
  ) {
    super(organization.members[0]!.account!, options);
    this.members = new Map(organization.members.map((m) => [m.id, m]));
    this.now = options.now;
  }

  /** The access keys AssumeRole issued for an account. */
  keysOf(accountId: string): string[] {
    return [...this.issued].filter(([, issued]) => issued.accountId === accountId).map(([key]) => key);
  }

  protected override accountOf(call: IncomingCall): SyntheticAccount {
    const { accessKeyId, service } = call;
    if (accessKeyId === this.organization.callerCredentials.accessKeyId) return this.account;
    const issued = accessKeyId ? this.issued.get(accessKeyId) : undefined;
    if (!issued || issued.sessionToken !== call.sessionToken) throw invalidToken(service);
    if (issued.expiration.getTime() <= this.now().getTime()) throw expiredToken(service);
    return this.members.get(issued.accountId)!.account!;
  }

  protected override respond(call: IncomingCall, account: SyntheticAccount): Record<string, unknown> {
    if (call.service === "STS") return this.sts(call, account);
    if (call.service === "Organizations") return this.organizations(call, account);
    return super.respond(call, account);
  }

  protected override wireFormat(service: string): WireFormat | undefined {
    return WIRE_FORMATS[service];
  }

  private sts(call: IncomingCall, caller: SyntheticAccount): Record<string, unknown> {
    const { input } = call;
    const callerArn = this.callerArn(call);
    if (call.operation === "GetCallerIdentity") {
      return { UserId: callerArn.includes(":assumed-role/") ? `AROA${caller.accountId}:${callerArn.split("/").at(-1)}` : `AIDA${caller.accountId}AUDT`, Account: caller.accountId, Arn: callerArn };
    }
    if (call.operation !== "AssumeRole") throw unsupported(`no answer for STS.${call.operation}`);
    const extra = Object.keys(input).filter((key) => input[key] !== undefined && !["RoleArn", "RoleSessionName", "DurationSeconds", "ExternalId"].includes(key));
    if (extra.length > 0) throw unsupported(`STS.AssumeRole with ${extra.join(", ")}`);
    const sessionName = String(input.RoleSessionName ?? "");
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) throw validationError(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    const duration = Number(input.DurationSeconds ?? 3600);
    if (duration < 900) throw validationError(`1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
    const role = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/.exec(String(input.RoleArn ?? ""));
    if (!role) throw validationError(`${input.RoleArn} is invalid`);
    const [, accountId, roleName] = role;
    const member = this.members.get(accountId!);
    // The management account has no member role: service-managed StackSets do not deploy there.
    const trusted =
      member?.assumable === true && roleName === this.organization.roleName && (this.organization.externalId === undefined || input.ExternalId === this.organization.externalId);
    if (!trusted) throw awsError("AccessDenied", `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, 403);
    // The member-role template's MaxSessionDuration.
    if (duration > MEMBER_ROLE_SESSION_SECONDS) throw validationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

    const serial = ++this.serial;
    // ASIA (temporary) and 16 characters: here the account id and a serial, so a key names its account.
    const accessKeyId = `ASIA${accountId}${serial.toString(36).toUpperCase().padStart(4, "0")}`;
    const sessionToken = `FwoGZXIvYXdzE${digest(`${accessKeyId}:token`, 64)}`;
    const expiration = new Date(this.now().getTime() + duration * 1000);
    const arn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
    this.issued.set(accessKeyId, { accountId: accountId!, sessionToken, expiration, arn });
    return {
      Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: digest(`${accessKeyId}:secret`, 40), SessionToken: sessionToken, Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: `AROA${digest(`${accountId}/${roleName}`, 17).toUpperCase()}:${sessionName}`, Arn: arn },
    };
  }

  /** Only the management account lists the organization's accounts (a delegated administrator would too; none is set up here). */
  private organizations(call: IncomingCall, caller: SyntheticAccount): Record<string, unknown> {
    if (call.operation !== "ListAccounts") throw unsupported(`no answer for Organizations.${call.operation}`);
    if (caller.accountId !== this.organization.managementAccountId) throw awsError("AccessDeniedException", "You don't have permissions to access this resource.", 400);
    const where = { service: "Organizations", operation: call.operation, region: call.region, accountId: caller.accountId, data: caller.regions[0]!, global: caller.global };
    const page = offsetPage(where, call.input, this.organization.members);
    return { Accounts: page.items.map(listedAccount), ...(page.next && { NextToken: page.next }) };
  }

  private callerArn(call: IncomingCall): string {
    const issued = call.accessKeyId ? this.issued.get(call.accessKeyId) : undefined;
    return issued ? issued.arn : `arn:aws:iam::${this.organization.managementAccountId}:user/auditor`;
  }
}

export function syntheticOrganizationEndpoint(organization: SyntheticOrganization, options: OrganizationEndpointOptions): SyntheticOrganizationEndpoint {
  return new SyntheticOrganizationEndpoint(organization, options);
}

/** An account as ListAccounts returns it: Status (deprecated) and State (its successor) both present. */
function listedAccount(member: OrganizationMember): OrganizationsAccount {
  return {
    Id: member.id,
    Arn: member.arn,
    Email: member.email,
    Name: member.name,
    Status: member.status,
    State: member.status,
    JoinedMethod: member.joinedMethod,
    JoinedTimestamp: member.joinedAt,
  };
}

/** JSON protocols name an unknown key UnrecognizedClientException, EC2 AuthFailure, the Query protocols InvalidClientTokenId. */
const JSON_SERVICES = ["Organizations", "DynamoDB", "CloudTrail"];

function invalidToken(service: string): Error {
  if (service === "EC2") return awsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
  const code = JSON_SERVICES.includes(service) ? "UnrecognizedClientException" : "InvalidClientTokenId";
  return awsError(code, "The security token included in the request is invalid.", 403);
}

function expiredToken(service: string): Error {
  return awsError(JSON_SERVICES.includes(service) ? "ExpiredTokenException" : "ExpiredToken", "The security token included in the request is expired", 400);
}

function validationError(message: string): Error {
  return awsError("ValidationError", message, 400);
}

function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("base64url").replace(/[-_]/g, "A").slice(0, length);
}

let requests = 0;
/** A request id in AWS's format, distinct per answer. */
function requestId(): string {
  const h = createHash("sha256").update(String(++requests)).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

/** STS speaks the Query protocol: <OperationResponse><OperationResult>…</OperationResult>, errors as <ErrorResponse>. */
const queryXml: WireFormat = (operation, answer) => {
  const id = requestId();
  if (answer instanceof Error) {
    const status = statusOf(answer);
    const body = `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${status >= 500 ? "Receiver" : "Sender"}</Type><Code>${answer.name}</Code><Message>${xmlText(answer.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`;
    return wire(status, "text/xml", body, id);
  }
  return wire(200, "text/xml", `<${operation}Response xmlns="${STS_NAMESPACE}"><${operation}Result>${toXml(answer)}</${operation}Result><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${operation}Response>`, id);
};

/** Organizations speaks JSON 1.1: timestamps in epoch seconds, errors as {"__type", "Message"}. */
const json11: WireFormat = (_operation, answer) => {
  const id = requestId();
  if (answer instanceof Error) return wire(statusOf(answer), "application/x-amz-json-1.1", JSON.stringify({ __type: answer.name, Message: answer.message }), id);
  return wire(200, "application/x-amz-json-1.1", JSON.stringify(epochSeconds(answer)), id);
};

const WIRE_FORMATS: Record<string, WireFormat> = { STS: queryXml, Organizations: json11 };

function epochSeconds(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(epochSeconds);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, epochSeconds(inner)]));
  return value;
}

function wire(statusCode: number, contentType: string, body: string, id: string): WireResponse {
  return { statusCode, headers: { "content-type": contentType, "x-amzn-requestid": id }, body: Buffer.from(body) };
}

function statusOf(error: Error): number {
  return (error as Error & { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 400;
}

function toXml(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object") return Object.entries(value).map(([key, inner]) => `<${key}>${toXml(inner)}</${key}>`).join("");
  return xmlText(String(value));
}

function xmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
