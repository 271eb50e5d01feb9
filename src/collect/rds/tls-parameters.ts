/**
 * The TLS-forcing parameters of the DB parameter groups and DB cluster
 * parameter groups the databases use. Each distinct group is read once per
 * region, whoever uses it, and default groups (default.postgres16, …) are
 * read too: they carry values (rds.force_ssl is 1 in default.postgres15 and
 * later). A group whose read fails costs only its users: their `tls` is
 * marked unreadable and one CollectionError names them, leaving their type
 * complete.
 */
import pLimit from "p-limit";
import { paginateDescribeDBClusterParameters, paginateDescribeDBParameters } from "@aws-sdk/client-rds";
import type { Parameter, RDSClient } from "@aws-sdk/client-rds";
import type { DbClusterAttributes, DbInstanceAttributes } from "../../types/attributes.js";
import { compareText } from "../../types/order.js";
import type { ResourceRecord, ResourceType } from "../../types/resource.js";
import type { CollectorContext } from "../collector.js";
import { errorCode, failedFor, firstLine, required } from "../errors.js";
import { markUnreadable } from "../listed-items.js";

/** rds.force_ssl (PostgreSQL, SQL Server) and require_secure_transport (MySQL, MariaDB; Aurora in the cluster group). */
export const TLS_PARAMETERS = ["rds.force_ssl", "require_secure_transport"];

/** MaxRecords 100 is the maximum of both DescribeDBParameters and DescribeDBClusterParameters. */
const PAGE_SIZE = 100;

/** Group reads in flight at once: a region's databases share few groups. */
const CONCURRENCY = 5;

/**
 * The RDS API reference documents `parameter-name` as the one filter of both
 * calls, so a read is one short page rather than the group's few hundred
 * parameters. The parameters are still picked by name from the answer, in
 * case an endpoint ignores the filter.
 */
const FILTERS = [{ Name: "parameter-name", Values: TLS_PARAMETERS }];

type InstanceRecord = ResourceRecord<DbInstanceAttributes>;
type ClusterRecord = ResourceRecord<DbClusterAttributes>;

export async function readTlsParameters(ctx: CollectorContext<RDSClient>, instances: InstanceRecord[], clusters: ClusterRecord[]): Promise<void> {
  const { client } = ctx;
  await Promise.all([
    // A cluster member's TLS parameters live in its cluster's parameter group: its own group is not read.
    ctx.reads("rds.dbParameters") &&
      readGroups(ctx, "DescribeDBParameters", "AWS::RDS::DBInstance", byGroup(instances.filter((db) => !db.attributes.dbClusterIdentifier), (a) => a.dbParameterGroupName), (name) =>
        tlsParametersOf(paginateDescribeDBParameters({ client, pageSize: PAGE_SIZE }, { DBParameterGroupName: name, Filters: FILTERS })),
      ),
    ctx.reads("rds.dbClusterParameters") &&
      readGroups(ctx, "DescribeDBClusterParameters", "AWS::RDS::DBCluster", byGroup(clusters, (a) => a.dbClusterParameterGroupName), (name) =>
        tlsParametersOf(paginateDescribeDBClusterParameters({ client, pageSize: PAGE_SIZE }, { DBClusterParameterGroupName: name, Filters: FILTERS })),
      ),
  ]);
}

function byGroup<R extends InstanceRecord | ClusterRecord>(records: R[], groupOf: (attributes: R["attributes"]) => string | undefined): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const record of records) {
    const name = groupOf(record.attributes);
    if (name !== undefined) groups.set(name, [...(groups.get(name) ?? []), record]);
  }
  return groups;
}

/** The TLS parameters a group sets; one listed without a ParameterValue is left to the engine default. */
async function tlsParametersOf(pages: AsyncIterable<{ Parameters?: Parameter[] }>): Promise<Record<string, string>> {
  const parameters: Record<string, string> = {};
  for await (const page of pages) {
    for (const p of required(page.Parameters, "Parameters")) {
      const name = required(p.ParameterName, "Parameters.ParameterName");
      if (TLS_PARAMETERS.includes(name) && p.ParameterValue !== undefined) parameters[name] = p.ParameterValue;
    }
  }
  return parameters;
}

async function readGroups<R extends InstanceRecord | ClusterRecord>(
  ctx: CollectorContext<RDSClient>,
  operation: string,
  type: ResourceType,
  groups: Map<string, R[]>,
  read: (group: string) => Promise<Record<string, string>>,
): Promise<void> {
  const limit = pLimit(CONCURRENCY);
  const failures: { group: string; error: unknown }[] = [];
  await Promise.all(
    [...groups].map(([group, users]) =>
      limit(async () => {
        try {
          const parameters = await read(group);
          for (const user of users) user.attributes.tls = { parameterGroup: group, parameters: { ...parameters } };
        } catch (error) {
          failures.push({ group, error });
          const field = `${operation} ${group} (${errorCode(error)})`;
          for (const user of users) markUnreadable(user, "tls", field);
        }
      }),
    ),
  );
  if (failures.length === 0) return;
  await ctx.attempt(operation, [type], () => Promise.reject(failedGroups(failures, groups)));
}

const NAMED = 5;

/** One error for every failed group, with the first failure's code, naming the databases it leaves unjudged (CollectionError.resourceIds). */
function failedGroups(failures: { group: string; error: unknown }[], groups: Map<string, (InstanceRecord | ClusterRecord)[]>): Error {
  const names = failures.map((f) => f.group).sort(compareText);
  const resourceIds = failures.flatMap((f) => groups.get(f.group)!.map((r) => r.id)).sort(compareText);
  const first = failures[0]!.error;
  const users = resourceIds.slice(0, NAMED).join(", ") + (resourceIds.length > NAMED ? `, … ${resourceIds.length - NAMED} more` : "");
  return failedFor(first, `failed for ${names.length} of ${groups.size} parameter groups (${names.join(", ")}), used by ${users}: ${firstLine(first)}`, resourceIds);
}
