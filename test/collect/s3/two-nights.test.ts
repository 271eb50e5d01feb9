/**
 * ListBuckets is one account-wide list: the night it fails, no bucket of any
 * audited region may be reported removed, nor its findings resolved. Two
 * nights through the pipeline as the CLI runs it (collect, runAudit, the file store).
 */
import { beforeEach, expect, it } from "@jest/globals";
import { GetBucketVersioningCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { mockClient } from "aws-sdk-client-mock";
import { defaultConfig } from "../../../src/config/config.js";
import { collectAccount } from "../../../src/collect/run.js";
import { s3Collector } from "../../../src/collect/s3/collector.js";
import { FileFindingsStore } from "../../../src/publish/store/file-store.js";
import { runAudit } from "../../../src/run-audit.js";
import { isIncomplete } from "../../../src/types/resource.js";
import s3BucketVersioning from "../../../rules/s3/s3-bucket-versioning.js";
import { ACCOUNT } from "../../support/builders.js";
import { accessDenied, testCredentials } from "../../support/collect.js";
import { temporaryDirectories } from "../../support/temp-dirs.js";

const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);
const REGIONS = ["us-east-1", "eu-west-1"];
const newStateDir = temporaryDirectories("driftwarden-s3-nights-");

// Per region, one bucket whose versioning was never enabled (FAIL) and one with it Enabled (PASS).
const BUCKETS = REGIONS.flatMap((region) => [
  { Name: `unversioned-${region}`, BucketRegion: region, CreationDate: new Date("2025-05-01T00:00:00Z") },
  { Name: `versioned-${region}`, BucketRegion: region, CreationDate: new Date("2025-05-01T00:00:00Z") },
]);

beforeEach(() => {
  s3.reset();
  control.reset();
  s3.on(ListBucketsCommand).resolves({ Buckets: BUCKETS, Owner: { ID: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" } });
  s3.on(GetBucketVersioningCommand).callsFake((input: { Bucket: string }) => (input.Bucket.startsWith("versioned-") ? { Status: "Enabled" } : {}));
  control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
});

it("after a failed ListBuckets, resolves nothing and removes no bucket, in every audited region", async () => {
  const config = defaultConfig([s3BucketVersioning]);
  const stateDir = await newStateDir();
  const night = async (runId: string, takenAt: string) => {
    const snapshot = await collectAccount({ accountId: ACCOUNT, regions: REGIONS, collectors: [s3Collector], reads: config.reads, credentials: testCredentials, maxAttempts: 1, now: () => new Date(takenAt) });
    const now = new Date(new Date(takenAt).getTime() + 60_000);
    const store = new FileFindingsStore({ directory: stateDir, now: () => now });
    return { snapshot, store, ...(await runAudit({ snapshot, config, runId, startedAt: new Date(takenAt), now, store })) };
  };

  const first = await night("night-1", "2026-11-01T02:00:00.000Z");
  expect(first.snapshot.errors).toEqual([]);
  const statuses = (findings: { resource: { id: string }; status: string }[]) => findings.map((f) => `${f.resource.id} ${f.status}`).sort();
  expect(statuses(first.report.findings)).toEqual([
    "unversioned-eu-west-1 FAIL",
    "unversioned-us-east-1 FAIL",
    "versioned-eu-west-1 PASS",
    "versioned-us-east-1 PASS",
  ]);

  s3.on(ListBucketsCommand).rejects(accessDenied("s3:ListAllMyBuckets"));
  const second = await night("night-2", "2026-11-02T02:00:00.000Z");
  for (const region of REGIONS) expect(isIncomplete(second.snapshot.errors, region, "AWS::S3::Bucket")).toBe(true);
  expect(second.report.run.status).toBe("partial");
  expect(second.report.drift).toEqual({ added: [], removed: [], modified: [] });
  expect((second.report.transitions ?? []).filter((t) => t.kind === "RESOLVED")).toEqual([]);
  // Every finding of the first night is still reported, as it was, and marked stale.
  expect(statuses(second.report.findings)).toEqual(statuses(first.report.findings));
  expect(second.report.findings.every((f) => f.lifecycle?.stale !== undefined)).toBe(true);
  // The stored state keeps every bucket of both regions for the next night.
  const stored = await second.store.loadPrevious(second.snapshot.accountId);
  expect(stored!.snapshot.resources.filter((r) => r.type === "AWS::S3::Bucket").map((r) => `${r.region} ${r.id}`).sort()).toEqual(BUCKETS.map((b) => `${b.BucketRegion} ${b.Name}`).sort());
  expect(statuses(await second.store.openFindings(second.snapshot.accountId))).toEqual(["unversioned-eu-west-1 FAIL", "unversioned-us-east-1 FAIL"]);
});
