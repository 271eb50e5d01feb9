/**
 * Which parameter makes each engine refuse connections without TLS, and its
 * default when a parameter group lists it without a value, from the RDS User
 * Guide: rds.force_ssl for PostgreSQL ("default value is 1 (on) for RDS for
 * PostgreSQL version 15 and later", 0 before; 0 on Aurora PostgreSQL) and SQL
 * Server (0); require_secure_transport for MySQL, MariaDB and Aurora MySQL
 * ("By default, the require_secure_transport parameter is set to OFF").
 */

export interface TlsParameter {
  parameter: string;
  engineDefault: string;
}

/** Engines without such a parameter say why the rule does not apply. */
export type EngineTls = TlsParameter | { notApplicable: string };

const FORCE_SSL = "rds.force_ssl";
const SECURE_TRANSPORT = "require_secure_transport";

export function tlsParameterOf(engine: string, engineVersion: string | undefined): EngineTls {
  if (engine.startsWith("custom-")) return { notApplicable: "RDS Custom databases are configured on their host, not through parameter groups" };
  if (engine === "postgres") return { parameter: FORCE_SSL, engineDefault: majorVersion(engineVersion) >= 15 ? "1" : "0" };
  if (engine === "aurora-postgresql") return { parameter: FORCE_SSL, engineDefault: "0" };
  if (engine.startsWith("sqlserver")) return { parameter: FORCE_SSL, engineDefault: "0" };
  if (engine === "mysql" || engine === "mariadb" || engine === "aurora-mysql" || engine === "aurora") return { parameter: SECURE_TRANSPORT, engineDefault: "OFF" };
  if (engine.startsWith("oracle")) {
    return { notApplicable: "Oracle has no parameter that forces TLS; TLS comes from the SSL option of its option group, on a second port beside the plain one" };
  }
  if (engine.startsWith("db2")) return { notApplicable: "Db2 has no rds.force_ssl or require_secure_transport; its SSL port is configured beside the plain one" };
  if (engine === "docdb" || engine === "neptune") return { notApplicable: "DocumentDB and Neptune are judged by their own tls cluster parameter, outside this rule" };
  return { notApplicable: "no parameter known to force TLS for this engine" };
}

/** rds.force_ssl is "1"/"0"; require_secure_transport "ON"/"OFF" or "1"/"0". */
export function isOn(value: string): boolean {
  return /^(1|on|true)$/i.test(value.trim());
}

/** 16 of "16.4", 9 of "9.6.22"; 0 when unknown, which takes the older (off) default. */
function majorVersion(version: string | undefined): number {
  return Number.parseInt(version ?? "", 10) || 0;
}
