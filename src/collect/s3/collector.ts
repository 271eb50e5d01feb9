/**
 * S3: ListBuckets is one account-wide list (read once, in us-east-1), each
 * bucket recorded in its own region; its settings are read, only as the rules
 * need them, from its own region's endpoint (S3 answers PermanentRedirect to a
 * request for a bucket of another region). The account-level Block Public
 * Access comes from S3 Control.
 */
import {
  GetBucketAclCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
  S3Client,
} from "@aws-sdk/client-s3";
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import pLimit from "p-limit";
import type { BucketAttributes } from "../../types/attributes.js";
import type { CarriedRead, OptionalRead } from "../../types/reads.js";
import type { ResourceRecord } from "../../types/resource.js";
import type { AwsClientConfig } from "../client-config.js";
import type { CollectorContext } from "../collector.js";
import { defineCollector } from "../collector.js";
import { s3Spec } from "../specs.js";
import { MalformedResponseError, required } from "../errors.js";
import { fillAttributes, markUnreadable, recordsOf } from "../listed-items.js";
import { recordsToRead } from "../carried-reads.js";
import { readEach } from "../partial-reads.js";
import { policyStatements } from "./policy.js";
import type { BucketRecord } from "./settings.js";
import { ACCOUNT_PUBLIC_ACCESS_BLOCK, BUCKET, accountPublicAccessBlockRecord, aclGrantsOf, bucketRecord, orWhenAbsent, publicAccessBlockOf, versioningOf } from "./settings.js";

/** MaxBuckets' maximum; asking with it also makes ListBuckets return each bucket's BucketRegion. */
const BUCKETS_PER_PAGE = 10000;

/**
 * Per-bucket reads in flight at once. S3 serves thousands of requests a second
 * per prefix, so latency bounds these reads, not a rate; 50 is what the SDK's
 * Node handler keeps open per client (maxSockets), more would only queue there.
 */
export const S3_CONCURRENCY = 50;

type Ctx = CollectorContext<S3Client>;

export const s3Collector = defineCollector({
  ...s3Spec,
  createClient: (config) => s3Client(config),
  async collect(ctx) {
    const buckets: BucketRecord[] = [];
    await ctx.attempt("ListBuckets", [BUCKET], async () => {
      for await (const page of paginateListBuckets({ client: ctx.client, pageSize: BUCKETS_PER_PAGE }, {})) {
        // An empty list comes back as Buckets: []; a page without it was cut short.
        buckets.push(...recordsOf(ctx, "ListBuckets", BUCKET, required(page.Buckets, "Buckets"), (bucket) => bucketRecord(bucket, ctx.accountId)));
      }
    });
    await readSettings(ctx, buckets.filter((b) => ctx.regions.includes(b.region)));
    // Read in every run, whatever the rules need: it is one call per account, and a record left
    // out of a run whose rules do not need it would reach the diff as the account's settings removed.
    const account = await ctx.attempt("GetPublicAccessBlock", [ACCOUNT_PUBLIC_ACCESS_BLOCK], async () => {
      const control = ctx.newClient(s3ControlClient, "us-east-1");
      const read = async () => publicAccessBlockOf((await control.send(new GetAccountPublicAccessBlockCommand({ AccountId: ctx.accountId }))).PublicAccessBlockConfiguration);
      return accountPublicAccessBlockRecord(ctx.accountId, await orWhenAbsent(read, "NoSuchPublicAccessBlockConfiguration", null));
    });
    return [...buckets, ...(account ? [account] : [])] as unknown as ResourceRecord[];
  },
});

/** One per-bucket read: the optional read that asks for it, the operation it calls, and the attribute it fills. */
interface BucketRead<K extends keyof BucketAttributes> {
  read: OptionalRead & CarriedRead;
  operation: string;
  attribute: K;
  value: (s3: S3Client, bucket: string) => Promise<BucketAttributes[K]>;
}

/** Checks each read's value against its attribute, then lets the reads share one list. */
const bucketRead = <K extends keyof BucketAttributes>(read: BucketRead<K>) => read as unknown as BucketRead<keyof BucketAttributes>;

const BUCKET_READS = [
  bucketRead({
    read: "s3.publicAccessBlock",
    operation: "GetPublicAccessBlock",
    attribute: "publicAccessBlock",
    value: (s3, Bucket) => orWhenAbsent(async () => publicAccessBlockOf((await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration), "NoSuchPublicAccessBlockConfiguration", null),
  }),
  bucketRead({
    read: "s3.bucketPolicy",
    operation: "GetBucketPolicy",
    attribute: "policy",
    value: (s3, Bucket) => orWhenAbsent(async () => policyStatements(required((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy, "Policy")), "NoSuchBucketPolicy", []),
  }),
  bucketRead({
    read: "s3.bucketPolicyStatus",
    operation: "GetBucketPolicyStatus",
    attribute: "policyIsPublic",
    value: (s3, Bucket) => orWhenAbsent(async () => required((await s3.send(new GetBucketPolicyStatusCommand({ Bucket }))).PolicyStatus?.IsPublic, "PolicyStatus.IsPublic"), "NoSuchBucketPolicy", false),
  }),
  bucketRead({
    read: "s3.bucketAcl",
    operation: "GetBucketAcl",
    attribute: "aclGrants",
    value: async (s3, Bucket) => aclGrantsOf(await s3.send(new GetBucketAclCommand({ Bucket }))),
  }),
  bucketRead({
    read: "s3.bucketVersioning",
    operation: "GetBucketVersioning",
    attribute: "versioning",
    value: async (s3, Bucket) => versioningOf((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status),
  }),
];

/**
 * The settings the rules need, each bucket's from its own region, through one
 * client per region. A bucket whose read fails (its policy may deny the
 * auditor) has that attribute unreadable and is named in the error; the other
 * buckets, and the type, stay complete.
 */
async function readSettings(ctx: Ctx, buckets: BucketRecord[]): Promise<void> {
  const clients = new Map<string, S3Client>([[ctx.region, ctx.client]]);
  const clientFor = (region: string) => clients.get(region) ?? clients.set(region, ctx.newClient(s3Client, region)).get(region)!;
  const limit = pLimit(S3_CONCURRENCY);
  // Each asked for before any read fills the buckets (see carried-reads.ts).
  const toRead = BUCKET_READS.map(({ read, operation, attribute }) => recordsToRead(ctx.carryOver, read, operation, ctx.reads(read) ? buckets : [], [attribute]));
  await Promise.all(
    BUCKET_READS.map(({ operation, attribute, value }, n) =>
      toRead[n]!.then((items) =>
        readEach(ctx, {
          operation,
          resourceTypes: [BUCKET],
          items,
          label: (bucket) => bucket.id,
          limit,
          read: async (bucket) => {
            const built = await settled(() => value(clientFor(bucket.region), bucket.id));
            fillAttributes(ctx, operation, bucket, (fields) => ({ [attribute]: fields.read(attribute, built) }) as Partial<BucketAttributes>);
          },
          markUnreadable: (bucket, field) => markUnreadable(bucket, attribute, field),
        }),
      ),
    ),
  );
}

/**
 * A read whose malformed answer (a policy that is not JSON) is the bucket's
 * own: kept, to be thrown where fillAttributes marks the attribute unreadable.
 */
async function settled<T>(read: () => Promise<T>): Promise<() => T> {
  try {
    const value = await read();
    return () => value;
  } catch (error) {
    if (!(error instanceof MalformedResponseError)) throw error;
    return () => {
      throw error;
    };
  }
}

/**
 * Behind an endpoint URL (an emulator on 127.0.0.1 or localhost), a bucket
 * cannot be a host name (webapp-static.127.0.0.1): S3 is then addressed by
 * path, as emulators expect.
 */
function s3Client(config: AwsClientConfig): S3Client {
  return new S3Client(endpointOf(config, "AWS_ENDPOINT_URL_S3") ? { ...config, forcePathStyle: true } : config);
}

/**
 * S3 Control's endpoint rules put the account id in front of the host
 * (111122223333.s3-control…), which behind an endpoint URL makes a URL that
 * does not parse or resolve (111122223333.127.0.0.1): there the endpoint is
 * taken as given, and the account is named by the x-amz-account-id header the
 * request carries anyway.
 */
function s3ControlClient(config: AwsClientConfig): S3ControlClient {
  const endpoint = endpointOf(config, "AWS_ENDPOINT_URL_S3_CONTROL");
  return new S3ControlClient(endpoint ? { ...config, endpointProvider: () => ({ url: new URL(endpoint) }) } : config);
}

/** --endpoint-url, or the variables by which the SDK takes one (the service's own, then AWS_ENDPOINT_URL). */
function endpointOf(config: AwsClientConfig, variable: string): string | undefined {
  return config.endpoint ?? process.env[variable] ?? process.env.AWS_ENDPOINT_URL;
}
