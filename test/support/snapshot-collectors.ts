/**
 * Collectors that serve the records of a saved snapshot, one per service, as
 * if read from AWS page by page: each page goes through the run's client, so
 * the deadline, attempt() and error handling of the real run apply.
 */
import type { Collector } from "../../src/collect/collector.js";
import type { ResourceRecord, ResourceType, Snapshot } from "../../src/types/resource.js";

// The real collectors' services and scopes (src/collect), so that every record of the snapshot is served.
const SERVICES: Record<string, { prefix: string; scope: "regional" | "global" | "account" }> = {
  ec2: { prefix: "AWS::EC2::", scope: "regional" },
  rds: { prefix: "AWS::RDS::", scope: "regional" },
  autoscaling: { prefix: "AWS::AutoScaling::", scope: "regional" },
  elbv2: { prefix: "AWS::ElasticLoadBalancingV2::", scope: "regional" },
  elb: { prefix: "AWS::ElasticLoadBalancing::", scope: "regional" },
  dynamodb: { prefix: "AWS::DynamoDB::", scope: "regional" },
  cloudfront: { prefix: "AWS::CloudFront::", scope: "global" },
  route53: { prefix: "AWS::Route53::", scope: "global" },
  cloudtrail: { prefix: "AWS::CloudTrail::", scope: "global" },
  iam: { prefix: "AWS::::", scope: "global" },
  // One account-wide list, read in us-east-1, of records in every region: the run keeps the audited regions'.
  s3: { prefix: "AWS::S3::", scope: "account" },
};

export interface ServeOptions {
  /** Pages per service (default 1); each page costs `latencyMs`. */
  pages?: Partial<Record<string, number>>;
  latencyMs?: number;
  /** Services whose first call fails with this error. */
  failures?: Partial<Record<string, Error>>;
  /** Counts calls per service. */
  calls?: Record<string, number>;
  /** Called as each page is requested, e.g. to move the run's clock past its deadline. */
  onPage?: (service: string, page: number) => void;
}

interface PageClient {
  send(page: number): Promise<ResourceRecord[]>;
}

export function collectorsServing(snapshot: Snapshot, options: ServeOptions = {}): Collector<PageClient>[] {
  return Object.entries(SERVICES).map(([service, { prefix, scope }]) => {
    const resourceTypes = [...new Set(snapshot.resources.filter((r) => r.type.startsWith(prefix)).map((r) => r.type))] as ResourceType[];
    return {
      service,
      scope,
      resourceTypes,
      permissions: [],
      createClient: (config) => ({
        async send(page: number) {
          if (options.calls) options.calls[service] = (options.calls[service] ?? 0) + 1;
          options.onPage?.(service, page);
          await new Promise((resolve) => setTimeout(resolve, options.latencyMs ?? 0));
          const failure = options.failures?.[service];
          if (failure) throw failure;
          const pages = options.pages?.[service] ?? 1;
          const mine = snapshot.resources.filter((r) => r.type.startsWith(prefix) && (scope === "account" || r.region === config.region));
          return mine.filter((_, i) => i % pages === page);
        },
      }),
      async collect(ctx) {
        const records = await ctx.attempt("List", resourceTypes, async () => {
          const out: ResourceRecord[] = [];
          for (let page = 0; page < (options.pages?.[service] ?? 1); page++) out.push(...(await ctx.client.send(page)));
          return out;
        });
        return records ?? [];
      },
    };
  });
}
