/**
 * A local HTTP endpoint answering AWS calls for live CLI runs (--endpoint-url):
 * the action is read as each protocol names it (Query's Action, the JSON
 * protocols' X-Amz-Target, REST paths with S3's subresources), every request
 * is recorded, and a call with no answer fails as AWS fails an unknown action.
 * It sets the keys the run signs with for as long as it runs.
 */
import { afterAll, beforeAll } from "@jest/globals";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface EndpointRequest {
  /** "DescribeSecurityGroups", "LookupEvents", "GET /2013-04-01/hostedzone", "GET /site-assets/?policy". */
  action: string;
  params: URLSearchParams;
  body: string;
  authorization: string;
}

/** A body to answer with (JSON when it starts with "{", XML otherwise), a status and body, or undefined: not served. */
export type Answer = string | { status: number; body: string } | undefined;

export interface AwsHttpEndpoint {
  readonly url: string;
  readonly requests: EndpointRequest[];
  /** TCP connections the endpoint accepted. */
  readonly connections: number;
}

const S3_SUBRESOURCES = ["publicAccessBlock", "policy", "policyStatus", "acl", "versioning"];

/** Starts the endpoint before the file's tests and stops it after; `accessKeyId` is what the run signs with. */
export function awsHttpEndpoint(accessKeyId: string, answer: (request: EndpointRequest) => Answer): AwsHttpEndpoint {
  let server: http.Server;
  const endpoint = { url: "", requests: [] as EndpointRequest[], connections: 0 };
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const params = new URLSearchParams(body);
        const target = req.headers["x-amz-target"];
        // An S3 bucket's settings are subresources of its path: GET /site-assets/?policy.
        const [path, query = ""] = (req.url ?? "/").split("?");
        const key = query.split(/[=&]/)[0]!;
        const subresource = S3_SUBRESOURCES.includes(key) ? `?${key}` : "";
        const action = params.get("Action") ?? (typeof target === "string" ? target.split(".").at(-1)! : `${req.method} ${path}${subresource}`);
        const request = { action, params, body, authorization: String(req.headers.authorization) };
        endpoint.requests.push(request);
        const answered = answer(request) ?? { status: 400, body: `<ErrorResponse><Error><Code>InvalidAction</Code><Message>not served here: ${action}</Message></Error></ErrorResponse>` };
        const { status, body: text } = typeof answered === "string" ? { status: 200, body: answered } : answered;
        res.writeHead(status, { "content-type": text.startsWith("{") ? "application/x-amz-json-1.1" : "text/xml" });
        res.end(text);
      });
    });
    server.on("connection", () => (endpoint.connections += 1));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" });
  });
  afterAll(async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    await new Promise((resolve) => server.close(resolve));
  });
  return endpoint;
}

// Answers as AWS gives them, for the calls most live runs make.
export const EC2_NS = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"';

/** An empty EC2 page as AWS returns it: the list element is there, with nothing in it. */
export const ec2Empty = (action: string, list: string) => `<${action}Response ${EC2_NS}><requestId>1</requestId><${list}/></${action}Response>`;

/** A security group with one SSH rule from `cidr`, as DescribeSecurityGroups lists it. */
export const STS_NS = 'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"';

export const securityGroupItem = (id: string, cidr: string, owner = "111122223333") =>
  `<item><ownerId>${owner}</ownerId><groupId>${id}</groupId><groupName>${id}-name</groupName><groupDescription>web tier</groupDescription><vpcId>vpc-0a11b22c33d44e501</vpcId>` +
  `<ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><ipRanges><item><cidrIp>${cidr}</cidrIp></item></ipRanges></item></ipPermissions><ipPermissionsEgress/></item>`;

/** AssumeRole's answer for a session in `account`: its key is ASIA, the account id and AAAA, so that what it signs names its account. */
export const assumedRole = (account: string) =>
  `<AssumeRoleResponse ${STS_NS}><AssumeRoleResult><Credentials><AccessKeyId>ASIA${account}AAAA</AccessKeyId><SecretAccessKey>secret${account}</SecretAccessKey>` +
  `<SessionToken>token${account}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
  `<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE${account}:driftwarden-audit</AssumedRoleId><Arn>arn:aws:sts::${account}:assumed-role/driftwarden-audit/driftwarden-audit</Arn></AssumedRoleUser>` +
  `</AssumeRoleResult><ResponseMetadata><RequestId>7c1d</RequestId></ResponseMetadata></AssumeRoleResponse>`;

/** The access key id a request's SigV4 Authorization header names. */
export const signingKey = (authorization: string) => /Credential=([A-Z0-9]+)\//.exec(authorization)?.[1];

export const callerIdentity = (account: string) =>
  `<GetCallerIdentityResponse ${STS_NS}><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/auditor</Arn><UserId>AIDAEXAMPLE</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

/** The EC2 lists of an account with no VPCs, volumes, addresses, interfaces or launch templates. */
export const EMPTY_EC2_LISTS: Record<string, string> = {
  DescribeVpcs: ec2Empty("DescribeVpcs", "vpcSet"),
  DescribeSubnets: ec2Empty("DescribeSubnets", "subnetSet"),
  DescribeRouteTables: ec2Empty("DescribeRouteTables", "routeTableSet"),
  DescribeFlowLogs: ec2Empty("DescribeFlowLogs", "flowLogSet"),
  DescribeVolumes: ec2Empty("DescribeVolumes", "volumeSet"),
  DescribeAddresses: ec2Empty("DescribeAddresses", "addressesSet"),
  DescribeNetworkInterfaces: ec2Empty("DescribeNetworkInterfaces", "networkInterfaceSet"),
  DescribeLaunchTemplates: ec2Empty("DescribeLaunchTemplates", "launchTemplates"),
};
