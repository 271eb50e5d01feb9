import * as z from "zod";
import type { Outcome } from "../../src/evaluate/rule.js";
import { cannotEvaluate, defineRule, fail, notApplicable, pass } from "../../src/evaluate/rule.js";
import type { DbClusterState, DbInstanceState } from "../../src/types/attributes.js";
import type { DbRecord } from "./db-resource.js";
import { DB_CLUSTER, DB_INSTANCE, isCluster, judgedOnCluster, kindOf } from "./db-resource.js";
import type { TlsParameter } from "./tls-parameters.js";
import { isOn, tlsParameterOf } from "./tls-parameters.js";

export default defineRule({
  id: "rds-tls-enforced",
  title: "RDS databases refuse connections without TLS",
  service: "rds",
  severity: "medium",
  resourceTypes: [DB_INSTANCE, DB_CLUSTER],
  rationale:
    "RDS offers TLS on every engine, but clients choose: psql and JDBC default to sslmode=prefer and silently fall back to clear text. Only the parameter group's rds.force_ssl or require_secure_transport makes the database refuse a connection that would carry credentials and rows unencrypted.",
  remediation:
    "Force TLS in a parameter group of your own (default groups cannot be changed), attach it and reboot: a newly attached group applies at the next reboot. " +
    "PostgreSQL and SQL Server take rds.force_ssl=1, MySQL and MariaDB require_secure_transport=ON:\n" +
    'aws rds create-db-parameter-group --db-parameter-group-name app-db-tls --db-parameter-group-family postgres16 --description "force TLS"\n' +
    'aws rds modify-db-parameter-group --db-parameter-group-name app-db-tls --parameters "ParameterName=rds.force_ssl,ParameterValue=1,ApplyMethod=pending-reboot"\n' +
    "aws rds modify-db-instance --db-instance-identifier app-db --db-parameter-group-name app-db-tls --apply-immediately\n" +
    "aws rds reboot-db-instance --db-instance-identifier app-db\n" +
    "Aurora (and Multi-AZ DB clusters) take it in the DB cluster parameter group:\n" +
    'aws rds create-db-cluster-parameter-group --db-cluster-parameter-group-name app-cluster-tls --db-parameter-group-family aurora-mysql8.0 --description "force TLS"\n' +
    'aws rds modify-db-cluster-parameter-group --db-cluster-parameter-group-name app-cluster-tls --parameters "ParameterName=require_secure_transport,ParameterValue=ON,ApplyMethod=immediate"\n' +
    "aws rds modify-db-cluster --db-cluster-identifier app-cluster --db-cluster-parameter-group-name app-cluster-tls --apply-immediately",
  // No FSBP control covers RDS encryption in transit; the closest Config rule covers SQL Server only.
  references: { awsConfig: "rds-sqlserver-encrypted-in-transit" },
  needs: ["rds.dbParameters", "rds.dbClusterParameters"],
  params: z.object({}).strict(),
  evaluate(resource: DbRecord) {
    const a = resource.attributes;
    if (!isCluster(resource)) {
      const member = judgedOnCluster(resource.attributes, "TLS enforcement (its DB cluster parameter group)");
      if (member) return member;
    }
    const tls = tlsParameterOf(a.engine, a.engineVersion);
    if ("notApplicable" in tls) return notApplicable(`engine ${a.engine}: ${tls.notApplicable}`);
    const group = isCluster(resource) ? resource.attributes.dbClusterParameterGroupName : resource.attributes.dbParameterGroupName;
    const groupKind = isCluster(resource) ? "DB cluster parameter group" : "DB parameter group";
    const unread = resource.unreadable?.find((u) => u.attribute === "tls");
    if (unread) return cannotEvaluate(`the parameters of ${groupKind} ${group ?? "?"} could not be read (${unread.field})`);
    if (!a.tls) return cannotEvaluate(group ? `the parameters of ${groupKind} ${group} were not collected` : `no ${groupKind} recorded for the ${kindOf(resource)}`);
    return judge(resource, tls, `${groupKind} ${a.tls.parameterGroup}`, a.tls.parameters[tls.parameter]);
  },
});

function judge(resource: DbRecord, tls: TlsParameter, group: string, value: string | undefined): Outcome {
  const a = resource.attributes;
  const effective = value ?? tls.engineDefault;
  const pending = pendingReboot(resource);
  const evidence: Record<string, unknown> = {
    engine: a.engine,
    engineVersion: a.engineVersion ?? null,
    parameterGroup: a.tls!.parameterGroup,
    parameter: tls.parameter,
    value: value ?? null,
  };
  if (value === undefined) evidence.engineDefault = tls.engineDefault;
  if (pending) evidence.pendingReboot = pending;
  const setting = value === undefined ? `${tls.parameter} is not set in ${group} (the default of ${a.engine}${a.engineVersion ? ` ${a.engineVersion}` : ""} is ${tls.engineDefault})` : `${group} sets ${tls.parameter} = ${value}`;
  if (!isOn(effective)) return fail(`${setting}: connections without TLS are accepted`, evidence);
  // AWS Config's SQL Server check is NON_COMPLIANT unless the group is in-sync, for the same reason: the running value may be the previous one.
  if (pending) return fail(`${setting}, but ${pending} still pending a reboot: until then the database may run its previous settings (another group, or ${tls.parameter} off)`, evidence);
  return pass(`${setting}: connections without TLS are refused`, evidence);
}

/** Who still runs the group's previous settings, for reasons; undefined when its settings are applied. */
function pendingReboot(resource: DbRecord): string | undefined {
  if (isCluster(resource)) {
    const members = (resource.state as DbClusterState | undefined)?.pendingRebootMembers ?? [];
    return members.length > 0 ? `member${members.length === 1 ? "" : "s"} ${members.join(", ")} ${members.length === 1 ? "is" : "are"}` : undefined;
  }
  return (resource.state as DbInstanceState | undefined)?.parameterApplyStatus === "pending-reboot" ? "the instance is" : undefined;
}
