import { definePortRule } from "../lib/port-rule.js";

export default definePortRule({
  id: "ec2-db-ports-restricted",
  title: "Database ports are not open to the internet",
  label: "database",
  // MySQL/Aurora, PostgreSQL, SQL Server, Oracle, MongoDB/DocumentDB, Redis, Elasticsearch/OpenSearch.
  ports: [3306, 5432, 1433, 1521, 27017, 6379, 9200],
  protocols: ["tcp"],
  severity: "high",
  rationale:
    "Database servers belong in private subnets reachable only from the application tier; a database port open to 0.0.0.0/0 or ::/0 exposes it to credential stuffing and data theft.",
  remediation:
    "Replace the internet source with the application tier's security group:\n" +
    "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 3306 --cidr 0.0.0.0/0\n" +
    "aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 3306 --source-group sg-0fedcba9876543210",
  references: { awsConfig: "restricted-common-ports", securityHub: "EC2.19" },
});
