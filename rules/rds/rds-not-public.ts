import * as z from "zod";
import type { SecurityGroupAttributes, SubnetAttributes } from "../../src/types/attributes.js";
import { defineRule, fail, pass } from "../../src/evaluate/rule.js";
import type { SnapshotIndex } from "../../src/evaluate/snapshot-index.js";
import { coversPort, describePermission, internetIngress } from "../lib/security-group.js";
import type { DbInstanceRecord } from "./db-resource.js";
import { DB_INSTANCE, listenerPort } from "./db-resource.js";

export default defineRule({
  id: "rds-not-public",
  title: "RDS instances are not publicly accessible",
  service: "rds",
  severity: "critical",
  resourceTypes: [DB_INSTANCE],
  rationale:
    "A publicly accessible instance gets an endpoint that resolves to a public IP address; database servers belong in private subnets, reached only by the application tier, so that one permissive security-group rule cannot expose them.",
  remediation:
    "Turn off public accessibility (the endpoint then resolves to private addresses only), and remove internet sources from its security groups:\n" +
    "aws rds modify-db-instance --db-instance-identifier app-db --no-publicly-accessible --apply-immediately\n" +
    "aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 3306 --cidr 0.0.0.0/0",
  references: { awsConfig: "rds-instance-public-access-check", securityHub: "RDS.2" },
  params: z.object({}).strict(),
  evaluate(resource: DbInstanceRecord, { snapshot }) {
    const a = resource.attributes;
    if (!a.publiclyAccessible) return pass("not publicly accessible: the endpoint resolves to private addresses", { publiclyAccessible: false });
    const port = listenerPort(a);
    const groups = openSecurityGroups(resource, port, snapshot);
    const subnets = internetRoutedSubnets(resource, snapshot);
    const notInSnapshot = [...groups.unknown, ...subnets.unknown];
    const evidence = {
      publiclyAccessible: true,
      engine: a.engine,
      port: port ?? null,
      vpcSecurityGroupIds: a.vpcSecurityGroupIds,
      openToInternet: groups.open,
      subnetsRoutingToInternetGateway: subnets.routing,
      ...(notInSnapshot.length > 0 && { notInSnapshot }),
    };
    const groupsOpen = groups.open.length > 0 ? true : port === undefined || groups.unknown.length > 0 ? undefined : false;
    const routed = subnets.routing.length > 0 ? true : !subnets.known || subnets.unknown.length > 0 ? undefined : false;
    if (groupsOpen && routed) {
      const opened = groups.open.map((g) => `${g.groupId} allows ${g.permissions.join(", ")}`).join("; ");
      const many = subnets.routing.length > 1;
      return fail(
        `publicly accessible and reachable from the internet: ${opened}, and subnet${many ? "s" : ""} ${subnets.routing.join(", ")} route${many ? "" : "s"} to an internet gateway`,
        evidence,
      );
    }
    if (groupsOpen === false || routed === false) {
      const closed = [
        ...(groupsOpen === false ? [`no attached security group opens tcp/${port} to the internet`] : []),
        ...(routed === false ? ["no subnet of its DB subnet group routes to an internet gateway"] : []),
      ];
      // One closed layer keeps it unreachable today, one change away from exposure.
      return fail(`publicly accessible but not currently reachable from the internet: ${closed.join(", and ")}`, evidence, "high");
    }
    // Reachability unknown: keep the rule's severity rather than guess it lower.
    const gaps = [
      ...(port === undefined ? [`the port of engine ${a.engine} is unknown`] : []),
      ...(!subnets.known ? ["the record names no DB subnet group"] : []),
      ...(notInSnapshot.length > 0 ? [`${notInSnapshot.join(", ")} not in the snapshot`] : []),
    ];
    return fail(`publicly accessible; reachability from the internet could not be verified: ${gaps.join("; ")}`, evidence);
  },
});

/** Attached groups with internet ingress covering the DB port (TCP), and the groups not in the snapshot. */
function openSecurityGroups(resource: DbInstanceRecord, port: number | undefined, snapshot: SnapshotIndex) {
  const open: { groupId: string; permissions: string[] }[] = [];
  const unknown: string[] = [];
  for (const groupId of resource.attributes.vpcSecurityGroupIds) {
    const group = snapshot.get<SecurityGroupAttributes>("AWS::EC2::SecurityGroup", resource.region, groupId);
    if (!group) {
      unknown.push(groupId);
      continue;
    }
    if (port === undefined) continue;
    const permissions = internetIngress(group.attributes).filter((p) => coversPort(p, ["tcp"], port));
    if (permissions.length > 0) open.push({ groupId, permissions: permissions.map(describePermission) });
  }
  return { open, unknown };
}

/**
 * Subnets of the DB subnet group whose route table sends 0.0.0.0/0 or ::/0
 * to an internet gateway. RDS may place the instance, or fail it over, into
 * any subnet of its group, so one routed subnet is enough.
 */
function internetRoutedSubnets(resource: DbInstanceRecord, snapshot: SnapshotIndex) {
  const routing: string[] = [];
  const unknown: string[] = [];
  const group = resource.attributes.subnetGroup;
  for (const { id } of group?.subnets ?? []) {
    const subnet = snapshot.get<SubnetAttributes>("AWS::EC2::Subnet", resource.region, id);
    if (!subnet) unknown.push(id);
    else if (subnet.attributes.routesToInternetGateway) routing.push(id);
  }
  return { known: group !== undefined, routing, unknown };
}
