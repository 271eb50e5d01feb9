/**
 * A small HTTP endpoint on 127.0.0.1 serving one account's Route 53 (REST XML)
 * and CloudWatch alarms, either as AWS answers today or as emulators that
 * predate newer calls answer: CloudWatch only in the Query protocol, Route 53
 * without ListTagsForResources. Shapes follow the Route 53 and CloudWatch API
 * references. For the collectors' fallbacks (src/collect/route53/cloudwatch-alarms.ts,
 * route53/tags.ts), which only real requests and responses exercise.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface EmulatorOptions {
  /**
   * "aws": the JSON protocol and the Query protocol, as CloudWatch accepts both.
   * The others speak only Query and answer a JSON request as these emulators did
   * before their JSON support: moto ran the X-Amz-Target's action and answered its
   * Query XML (200); LocalStack answers 500 InternalError, in Query XML.
   */
  cloudwatch: "aws" | "moto" | "localstack";
  /** ListTagsForResources as AWS answers it, or missing: moto's router 404 page, LocalStack's 501. */
  route53: "aws" | "moto" | "localstack";
  /** Calls (named as in `calls`) that fail, each the way AWS fails it. */
  failing?: Record<string, Failure>;
}

export type Failure = "AccessDenied" | "Throttling" | "connection reset" | "NoSuchHostedZone";

export interface Emulator {
  url: string;
  /** Every request, in arrival order: "CloudWatch JSON DescribeAlarms", "CloudWatch Query DescribeAlarms", "Route53 ListTagsForResources hostedzone", "Route53 ListTagsForResource hostedzone/Z…", … */
  calls: string[];
  close(): Promise<void>;
}

// The account.
export const PUBLIC_ZONE = "Z0PUBLIC00000001";
export const PRIVATE_ZONE = "Z0PRIVATE0000002";
export const PRIMARY_CHECK = "abcdef11-2222-3333-4444-555555555551";
export const MATH_CHECK = "abcdef11-2222-3333-4444-555555555552";
export const UNWATCHED_CHECK = "abcdef11-2222-3333-4444-555555555553";

interface Zone {
  id: string;
  name: string;
  privateZone: boolean;
}

interface Check {
  id: string;
  config: Record<string, string | number>;
}

/** Twelve zones, so tags take two ListTagsForResources batches (ten ids each at most). */
const zones: Zone[] = [
  { id: PUBLIC_ZONE, name: "example.com.", privateZone: false },
  { id: PRIVATE_ZONE, name: "internal.example.com.", privateZone: true },
  ...Array.from({ length: 10 }, (_, i) => ({ id: `Z0SITE${String(i).padStart(10, "0")}`, name: `site${i}.example.net.`, privateZone: false })),
];

const checks: Check[] = [
  { id: PRIMARY_CHECK, config: { Type: "HTTPS", FullyQualifiedDomainName: "primary.example.com", Port: 443, ResourcePath: "/health", RequestInterval: 30, FailureThreshold: 3 } },
  { id: MATH_CHECK, config: { Type: "HTTPS", FullyQualifiedDomainName: "blue.example.com", Port: 443, ResourcePath: "/health", RequestInterval: 30, FailureThreshold: 3 } },
  { id: UNWATCHED_CHECK, config: { Type: "TCP", IPAddress: "192.0.2.44", Port: 5432, RequestInterval: 10, FailureThreshold: 2 } },
];

const tags: Record<string, [string, string][]> = {
  [`hostedzone/${PUBLIC_ZONE}`]: [
    ["env", "prod"],
    ["team", "web"],
  ],
  [`healthcheck/${PRIMARY_CHECK}`]: [["Name", "api primary"]],
  [`healthcheck/${MATH_CHECK}`]: [["Name", "app blue"]],
  ...Object.fromEntries(zones.slice(2).map((zone, i) => [`hostedzone/${zone.id}`, [["site", String(i)]]])),
};

interface Alarm {
  AlarmName: string;
  AlarmArn: string;
  /** Epoch seconds; JSON carries them so, Query XML as ISO 8601. */
  AlarmConfigurationUpdatedTimestamp: number;
  ActionsEnabled: boolean;
  AlarmActions: string[];
  StateValue: string;
  StateUpdatedTimestamp: number;
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  Dimensions?: { Name: string; Value: string }[];
  Period?: number;
  Metrics?: { Id: string; Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] }; Period: number; Stat: string }; ReturnData: boolean }[];
  EvaluationPeriods: number;
  Threshold: number;
  ComparisonOperator: string;
}

const alarm = (name: string, fields: Partial<Alarm>): Alarm => ({
  AlarmName: name,
  AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`,
  AlarmConfigurationUpdatedTimestamp: 1768046400,
  ActionsEnabled: true,
  AlarmActions: ["arn:aws:sns:us-east-1:123456789012:ops"],
  StateValue: "OK",
  StateUpdatedTimestamp: 1768046460.5,
  EvaluationPeriods: 1,
  Threshold: 1,
  ComparisonOperator: "LessThanThreshold",
  ...fields,
});

/** 122 alarms: two pages at MaxRecords 100, a health check's alarm on each. */
const alarms: Alarm[] = [
  alarm("api-primary-unhealthy", { MetricName: "HealthCheckStatus", Namespace: "AWS/Route53", Statistic: "Minimum", Dimensions: [{ Name: "HealthCheckId", Value: PRIMARY_CHECK }], Period: 60 }),
  ...Array.from({ length: 120 }, (_, i) =>
    alarm(`web-cpu-high-${String(i).padStart(3, "0")}`, { MetricName: "CPUUtilization", Namespace: "AWS/EC2", Statistic: "Average", Dimensions: [{ Name: "InstanceId", Value: `i-${String(i).padStart(17, "0")}` }], Period: 300, Threshold: 80, ComparisonOperator: "GreaterThanThreshold" }),
  ),
  alarm("app-blue-health-percentage", {
    EvaluationPeriods: 3,
    Threshold: 50,
    Metrics: [
      { Id: "e1", Expression: "m1 * 100", ReturnData: true },
      { Id: "m1", MetricStat: { Metric: { Namespace: "AWS/Route53", MetricName: "HealthCheckPercentageHealthy", Dimensions: [{ Name: "HealthCheckId", Value: MATH_CHECK }] }, Period: 60, Stat: "Average" }, ReturnData: false },
    ],
  }),
];

const R53 = 'xmlns="https://route53.amazonaws.com/doc/2013-04-01/"';
const MONITORING = 'xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"';

interface Answer {
  status: number;
  type: string;
  body: string;
}

const xml = (body: string, status = 200): Answer => ({ status, type: "text/xml", body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` });
const esc = (text: string) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** An element holding a value (escaped). */
const el = (name: string, value: string | number | boolean) => `<${name}>${esc(String(value))}</${name}>`;

// Route 53 (REST XML).

function route53Error(code: string, message: string, status: number): Answer {
  return xml(`<ErrorResponse ${R53}><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>8f3a3f3c-0000-4000-8000-000000000001</RequestId></ErrorResponse>`, status);
}

const hostedZoneXml = (zone: Zone) =>
  `<HostedZone><Id>/hostedzone/${zone.id}</Id><Name>${zone.name}</Name><CallerReference>${zone.id}-ref</CallerReference><Config><PrivateZone>${zone.privateZone}</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone>`;

const healthCheckXml = (check: Check) =>
  `<HealthCheck><Id>${check.id}</Id><CallerReference>${check.id}-ref</CallerReference><HealthCheckConfig>${Object.entries(check.config)
    .map(([k, v]) => el(k, v))
    .join("")}</HealthCheckConfig><HealthCheckVersion>1</HealthCheckVersion></HealthCheck>`;

/** Every zone holds its SOA and one A record. */
const recordSetsXml = (zone: Zone) =>
  `<ResourceRecordSet><Name>${zone.name}</Name><Type>A</Type><TTL>300</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.10</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>` +
  `<ResourceRecordSet><Name>${zone.name}</Name><Type>SOA</Type><TTL>900</TTL><ResourceRecords><ResourceRecord><Value>ns-2048.awsdns-64.net. hostmaster.${zone.name} 1 7200 900 1209600 86400</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>`;

const tagSetXml = (type: string, id: string) =>
  `<ResourceTagSet><ResourceId>${id}</ResourceId><ResourceType>${type}</ResourceType><Tags>${(tags[`${type}/${id}`] ?? []).map(([k, v]) => `<Tag>${el("Key", k)}${el("Value", v)}</Tag>`).join("")}</Tags></ResourceTagSet>`;

function knownResource(type: string, id: string): boolean {
  return type === "hostedzone" ? zones.some((z) => z.id === id) : checks.some((c) => c.id === id);
}

/** Werkzeug's 404 page, which moto's server answers for a path none of its routes match. */
const MOTO_NOT_FOUND: Answer = {
  status: 404,
  type: "text/html; charset=utf-8",
  body: '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n',
};

function localstackNotEmulated(operation: string, service: string, ns: string): Answer {
  const message = `The API action '${operation}' for service '${service}' is either not available in your current license plan or has not yet been emulated by LocalStack.`;
  return xml(`<ErrorResponse ${ns}><Error><Code>InternalFailure</Code><Message>${message}</Message></Error><RequestId>1</RequestId></ErrorResponse>`, 501);
}

interface Route53Call {
  name: string;
  answer: () => Answer;
}

function route53Call(method: string, url: URL, body: string, options: EmulatorOptions): Route53Call | undefined {
  const path = url.pathname;
  if (method === "GET" && path === "/2013-04-01/hostedzone") {
    return { name: "Route53 ListHostedZones", answer: () => xml(`<ListHostedZonesResponse ${R53}><HostedZones>${zones.map(hostedZoneXml).join("")}</HostedZones><Marker></Marker><IsTruncated>false</IsTruncated><MaxItems>${url.searchParams.get("maxitems") ?? 100}</MaxItems></ListHostedZonesResponse>`) };
  }
  if (method === "GET" && path === "/2013-04-01/healthcheck") {
    return { name: "Route53 ListHealthChecks", answer: () => xml(`<ListHealthChecksResponse ${R53}><HealthChecks>${checks.map(healthCheckXml).join("")}</HealthChecks><IsTruncated>false</IsTruncated><Marker></Marker><MaxItems>${url.searchParams.get("maxitems") ?? 100}</MaxItems></ListHealthChecksResponse>`) };
  }
  const rrset = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset$/.exec(path);
  if (method === "GET" && rrset) {
    const zone = zones.find((z) => z.id === rrset[1]);
    return {
      name: `Route53 ListResourceRecordSets ${rrset[1]}`,
      answer: () => (zone ? xml(`<ListResourceRecordSetsResponse ${R53}><ResourceRecordSets>${recordSetsXml(zone)}</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>300</MaxItems></ListResourceRecordSetsResponse>`) : route53Error("NoSuchHostedZone", `No hosted zone found with ID: ${rrset[1]}`, 404)),
    };
  }
  const batch = /^\/2013-04-01\/tags\/(hostedzone|healthcheck)$/.exec(path);
  if (method === "POST" && batch) {
    const type = batch[1];
    return {
      name: `Route53 ListTagsForResources ${type}`,
      answer: () => {
        if (options.route53 === "moto") return MOTO_NOT_FOUND;
        if (options.route53 === "localstack") return localstackNotEmulated("ListTagsForResources", "route53", R53);
        // The SDK's request body: <ListTagsForResourcesRequest><ResourceIds><ResourceId>…</ResourceId>…
        const ids = [...body.matchAll(/<ResourceId>([^<]*)<\/ResourceId>/g)].map((m) => m[1]);
        const unknown = ids.find((id) => !knownResource(type, id));
        if (unknown) return route53Error(type === "hostedzone" ? "NoSuchHostedZone" : "NoSuchHealthCheck", `No ${type} found with ID: ${unknown}`, 404);
        return xml(`<ListTagsForResourcesResponse ${R53}><ResourceTagSets>${ids.map((id) => tagSetXml(type, id)).join("")}</ResourceTagSets></ListTagsForResourcesResponse>`);
      },
    };
  }
  const single = /^\/2013-04-01\/tags\/(hostedzone|healthcheck)\/([^/]+)$/.exec(path);
  if (method === "GET" && single) {
    const [, type, id] = single;
    return {
      name: `Route53 ListTagsForResource ${type}/${id}`,
      answer: () => (knownResource(type, id) ? xml(`<ListTagsForResourceResponse ${R53}>${tagSetXml(type, id)}</ListTagsForResourceResponse>`) : route53Error(type === "hostedzone" ? "NoSuchHostedZone" : "NoSuchHealthCheck", `No ${type} found with ID: ${id}`, 404)),
    };
  }
  return undefined;
}

// CloudWatch: JSON (X-Amz-Target GraniteServiceVersion20100801.*) or Query (Action=…&Version=2010-08-01).

/** A page of at most MaxRecords alarms; NextToken is the offset of the next one. */
function alarmPage(maxRecords: number | undefined, nextToken: string | undefined): { page: Alarm[]; next?: string } {
  const start = nextToken ? Number(nextToken.replace("alarms-from-", "")) : 0;
  const end = start + (maxRecords ?? 50);
  return { page: alarms.slice(start, end), ...(end < alarms.length && { next: `alarms-from-${end}` }) };
}

const isoTime = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

function alarmXml(a: Alarm): string {
  const members = (items: string[]) => items.map((item) => `<member>${item}</member>`).join("");
  const dimensions = (ds: { Name: string; Value: string }[]) => members(ds.map((d) => el("Name", d.Name) + el("Value", d.Value)));
  const parts = [
    el("AlarmName", a.AlarmName),
    el("AlarmArn", a.AlarmArn),
    el("AlarmConfigurationUpdatedTimestamp", isoTime(a.AlarmConfigurationUpdatedTimestamp)),
    el("ActionsEnabled", a.ActionsEnabled),
    "<OKActions/>",
    `<AlarmActions>${members(a.AlarmActions.map(esc))}</AlarmActions>`,
    "<InsufficientDataActions/>",
    el("StateValue", a.StateValue),
    el("StateUpdatedTimestamp", isoTime(a.StateUpdatedTimestamp)),
    a.MetricName ? el("MetricName", a.MetricName) : "",
    a.Namespace ? el("Namespace", a.Namespace) : "",
    a.Statistic ? el("Statistic", a.Statistic) : "",
    a.Dimensions ? `<Dimensions>${dimensions(a.Dimensions)}</Dimensions>` : "",
    a.Period !== undefined ? el("Period", a.Period) : "",
    el("EvaluationPeriods", a.EvaluationPeriods),
    el("Threshold", a.Threshold),
    el("ComparisonOperator", a.ComparisonOperator),
    a.Metrics
      ? `<Metrics>${members(
          a.Metrics.map((m) => {
            const stat = m.MetricStat && `<MetricStat><Metric>${el("Namespace", m.MetricStat.Metric.Namespace)}${el("MetricName", m.MetricStat.Metric.MetricName)}<Dimensions>${dimensions(m.MetricStat.Metric.Dimensions)}</Dimensions></Metric>${el("Period", m.MetricStat.Period)}${el("Stat", m.MetricStat.Stat)}</MetricStat>`;
            return el("Id", m.Id) + (m.Expression ? el("Expression", m.Expression) : "") + (stat ?? "") + el("ReturnData", m.ReturnData);
          }),
        )}</Metrics>`
      : "",
  ];
  return parts.join("");
}

function describeAlarmsXml(maxRecords: number | undefined, nextToken: string | undefined): Answer {
  const { page, next } = alarmPage(maxRecords, nextToken);
  return xml(
    `<DescribeAlarmsResponse ${MONITORING}><DescribeAlarmsResult><MetricAlarms>${page.map((a) => `<member>${alarmXml(a)}</member>`).join("")}</MetricAlarms><CompositeAlarms/>${next ? el("NextToken", next) : ""}</DescribeAlarmsResult>` +
      `<ResponseMetadata><RequestId>f7f2a4d5-0000-4000-8000-000000000002</RequestId></ResponseMetadata></DescribeAlarmsResponse>`,
  );
}

const JSON_TYPE = "application/x-amz-json-1.0";

function describeAlarmsJson(input: { MaxRecords?: number; NextToken?: string }): Answer {
  const { page, next } = alarmPage(input.MaxRecords, input.NextToken);
  return { status: 200, type: JSON_TYPE, body: JSON.stringify({ MetricAlarms: page, CompositeAlarms: [], ...(next && { NextToken: next }) }) };
}

/** Errors as CloudWatch answers each protocol; JSON ones name the Query code in x-amzn-query-error (awsQueryCompatible). */
function cloudwatchError(protocol: "JSON" | "Query", failure: "AccessDenied" | "Throttling"): Answer & { headers?: Record<string, string> } {
  const [status, message, jsonType] =
    failure === "AccessDenied"
      ? [403, "User: arn:aws:sts::123456789012:assumed-role/auditor/session is not authorized to perform: cloudwatch:DescribeAlarms", "com.amazon.coral.service#AccessDeniedException"]
      : [400, "Rate exceeded", "Throttling"];
  if (protocol === "JSON") return { status, type: JSON_TYPE, body: JSON.stringify({ __type: jsonType, Message: message }), headers: { "x-amzn-query-error": `${failure};Sender` } };
  return xml(`<ErrorResponse ${MONITORING}><Error><Type>Sender</Type><Code>${failure}</Code><Message>${esc(message)}</Message></Error><RequestId>1</RequestId></ErrorResponse>`, status);
}

function cloudwatchCall(headers: http.IncomingHttpHeaders, body: string, options: EmulatorOptions): { name: string; protocol: "JSON" | "Query"; answer: () => Answer } | undefined {
  const target = headers["x-amz-target"];
  if (typeof target === "string" && target.startsWith("GraniteServiceVersion20100801.")) {
    const operation = target.split(".")[1];
    return {
      name: `CloudWatch JSON ${operation}`,
      protocol: "JSON",
      answer: () => {
        if (options.cloudwatch === "moto") return { ...describeAlarmsXml(undefined, undefined), type: "text/html; charset=utf-8" };
        if (options.cloudwatch === "localstack") {
          const message = "exception while calling cloudwatch with unknown operation: Operation detection failed. Missing Action in request for query-protocol service ServiceModel(cloudwatch)";
          return xml(`<ErrorResponse ${MONITORING}><Error><Code>InternalError</Code><Message>${esc(message)}</Message><Type>Receiver</Type></Error><RequestId>1</RequestId></ErrorResponse>`, 500);
        }
        return describeAlarmsJson(JSON.parse(body || "{}"));
      },
    };
  }
  const params = new URLSearchParams(body);
  if (params.get("Action") && params.get("Version") === "2010-08-01") {
    const maxRecords = params.get("MaxRecords");
    return {
      name: `CloudWatch Query ${params.get("Action")}`,
      protocol: "Query",
      answer: () => describeAlarmsXml(maxRecords ? Number(maxRecords) : undefined, params.get("NextToken") ?? undefined),
    };
  }
  return undefined;
}

/** Starts the endpoint; `close` stops it. */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const cloudwatch = req.method === "POST" && url.pathname === "/" ? cloudwatchCall(req.headers, body, options) : undefined;
      const call = cloudwatch ?? route53Call(req.method ?? "GET", url, body, options);
      if (!call) {
        res.writeHead(404, { "content-type": "text/plain" }).end(`no route for ${req.method} ${url.pathname}`);
        return;
      }
      calls.push(call.name);
      const failure = options.failing?.[call.name];
      let answer: Answer & { headers?: Record<string, string> };
      if (failure === "connection reset") {
        req.socket.destroy();
        return;
      } else if (failure && cloudwatch) {
        answer = cloudwatchError(cloudwatch.protocol, failure === "Throttling" ? "Throttling" : "AccessDenied");
      } else if (failure === "AccessDenied") {
        answer = route53Error("AccessDenied", `User: arn:aws:sts::123456789012:assumed-role/auditor/session is not authorized to perform: route53:${call.name.split(" ")[1]}`, 403);
      } else if (failure === "Throttling") {
        answer = route53Error("Throttling", "Rate exceeded", 400);
      } else if (failure === "NoSuchHostedZone") {
        answer = route53Error("NoSuchHostedZone", "No hosted zone found with ID: Z0SITE0000000009", 404);
      } else {
        answer = call.answer();
      }
      res.writeHead(answer.status, { "content-type": answer.type, "x-amzn-requestid": "8f3a3f3c-0000-4000-8000-000000000003", ...answer.headers }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
