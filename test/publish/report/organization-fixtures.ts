/**
 * An organization run built from real per-account runs: the demo account's
 * nights through the audit pipeline and a file store, under three account
 * ids, joined by organizationReport as `audit --org` joins them.
 *
 * - production: both nights (drift, new, regressed and resolved findings);
 * - staging: its first run, on night 2's snapshot, with RDS not readable (partial);
 * - sandbox: night 1 read, then its member role refused (unreadable): its findings stand, stale.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { allRules } from "../../../rules/index.js";
import { unreadableAccountErrors } from "../../../src/collect/member-credentials.js";
import { defaultConfig } from "../../../src/config/config.js";
import type { AuditReport } from "../../../src/publish/report/audit-report.js";
import type { AccountReport } from "../../../src/publish/report/organization-report.js";
import { organizationReport } from "../../../src/publish/report/organization-report.js";
import { FileFindingsStore } from "../../../src/publish/store/file-store.js";
import { runAudit } from "../../../src/run-audit.js";
import { parseSnapshot } from "../../../src/snapshot/snapshot-file.js";
import type { Snapshot } from "../../../src/types/resource.js";
import { DEMO_ACCOUNT, DEMO_NIGHT_1, DEMO_NIGHT_2 } from "../../support/demo.js";
import { awsError } from "../../support/fake-aws.js";

export const CALLER = "999988887777";
export const PRODUCTION = { accountId: "111122223333", name: "production" };
/** Organizations allows any printable ASCII in a name: markup included. */
export const STAGING = { accountId: "444455556666", name: "staging & QA <eu>" };
export const SANDBOX = { accountId: "777788889999", name: "sandbox" };
export const SKIPPED = { accountId: "222233334444", name: "old-sandbox", reason: "SUSPENDED" };
export const MEMBER_ROLE = { roleName: "driftwarden-audit", externalId: "example-external-id" };
export const RUN_ID = "0b6f3c1e-4d2a-4c1b-9e7f-2a3b4c5d6e7f";
export const STARTED_AT = "2026-11-22T02:00:00.000Z";
export const FINISHED_AT = "2026-11-22T02:03:20.000Z";

/** What STS answers when the member role's trust policy does not name the caller (AssumeRole, 403 AccessDenied). */
export const assumeRoleDenied = awsError(
  "AccessDenied",
  `User: arn:aws:sts::${CALLER}:assumed-role/driftwarden-auditor/driftwarden is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${SANDBOX.accountId}:role/${MEMBER_ROLE.roleName}`,
  403,
);

/** The demo snapshot as if read from another account: every id, ARN and owner rewritten. */
async function demoSnapshot(path: string, accountId: string): Promise<Snapshot> {
  return parseSnapshot((await readFile(path, "utf8")).replaceAll(DEMO_ACCOUNT, accountId), path);
}

/** What the run plan records for an account whose role cannot be assumed: nothing read, one error per region. */
function unreadableSnapshot(accountId: string, takenAt: string, regions: string[]): Snapshot {
  return { schemaVersion: 1, accountId, takenAt, regions, resources: [], errors: unreadableAccountErrors(accountId, MEMBER_ROLE, regions, assumeRoleDenied) };
}

async function audited(snapshot: Snapshot, runId: string, stateDir: string): Promise<AuditReport> {
  const startedAt = new Date(snapshot.takenAt);
  const now = new Date(startedAt.getTime() + 72_000);
  const store = new FileFindingsStore({ directory: stateDir, now: () => now });
  const { report } = await runAudit({ snapshot, config: defaultConfig(allRules), runId, startedAt, now, store });
  return report;
}

export interface OrganizationDemo {
  report: AuditReport;
  accounts: AccountReport[];
}

export async function organizationDemo(stateDir: string): Promise<OrganizationDemo> {
  const state = join(stateDir, "state");
  await audited(await demoSnapshot(DEMO_NIGHT_1, PRODUCTION.accountId), "production-night-1", state);
  await audited(await demoSnapshot(DEMO_NIGHT_1, SANDBOX.accountId), "sandbox-night-1", state);

  const production = await audited(await demoSnapshot(DEMO_NIGHT_2, PRODUCTION.accountId), "production-night-2", state);
  const stagingSnapshot = await demoSnapshot(DEMO_NIGHT_2, STAGING.accountId);
  const rdsTypes = ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"] as const;
  stagingSnapshot.resources = stagingSnapshot.resources.filter((r) => !(rdsTypes as readonly string[]).includes(r.type));
  stagingSnapshot.errors.push({
    service: "rds",
    region: "us-east-1",
    operation: "DescribeDBInstances",
    code: "AccessDenied",
    message: `User: arn:aws:sts::${STAGING.accountId}:assumed-role/${MEMBER_ROLE.roleName}/driftwarden-audit is not authorized to perform: rds:DescribeDBInstances`,
    resourceTypes: [...rdsTypes],
  });
  const staging = await audited(stagingSnapshot, "staging-night-2", state);
  const sandbox = await audited(unreadableSnapshot(SANDBOX.accountId, stagingSnapshot.takenAt, stagingSnapshot.regions), "sandbox-night-2", state);

  // Listed out of order: the report orders accounts by id.
  const accounts: AccountReport[] = [
    { ...SANDBOX, report: sandbox },
    { ...PRODUCTION, report: production },
    { ...STAGING, report: staging },
  ];
  const report = organizationReport(accounts, { runId: RUN_ID, callerAccountId: CALLER, startedAt: STARTED_AT, finishedAt: FINISHED_AT, skipped: [SKIPPED] });
  return { report, accounts };
}
