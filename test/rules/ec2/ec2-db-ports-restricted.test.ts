import rule from "../../../rules/ec2/ec2-db-ports-restricted.js";
import { all, sg, tcp, udp } from "../../support/builders.js";
import { ruleTester } from "../../support/rule-tester.js";

ruleTester.run(rule, {
  pass: [
    { name: "MySQL from the app tier's group", resource: sg({ ingress: [tcp(3306, "sg-0apptier000000001")] }) },
    { name: "PostgreSQL from the VPC range", resource: sg({ ingress: [tcp(5432, "10.0.0.0/16")] }) },
    { name: "web ports only", resource: sg({ ingress: [tcp(80, "0.0.0.0/0"), tcp(443, "::/0")] }) },
    { name: "UDP 6379 is not Redis", resource: sg({ ingress: [udp(6379, "0.0.0.0/0")] }) },
    { name: "a port dropped from the list by param", resource: sg({ ingress: [tcp(3306, "0.0.0.0/0")] }), params: { ports: [5432] } },
  ],
  fail: [
    { resource: sg({ ingress: [tcp(3306, "0.0.0.0/0")] }), reason: /^database port 3306 open to the internet: tcp\/3306 from 0\.0\.0\.0\/0$/, severity: "high" },
    { name: "MongoDB from ::/0", resource: sg({ ingress: [tcp(27017, "::/0")] }), reason: /port 27017 .*tcp\/27017 from ::\/0/ },
    { name: "a range covering two database ports", resource: sg({ ingress: [tcp([5000, 6500], "0.0.0.0/0")] }), reason: /ports 5432, 6379 open/, evidence: { ports: [5432, 6379] } },
    { name: "protocol -1", resource: sg({ ingress: [all("::/0")] }), reason: /ports 3306, 5432, 1433, 1521, 27017, 6379, 9200 .*\(covered by ec2-no-all-traffic-from-internet\)/ },
    { name: "a port added by param", resource: sg({ ingress: [tcp(8529, "0.0.0.0/0")] }), params: { ports: [8529] }, reason: /port 8529/ },
    {
      name: "unattached group, with the app tier's group in evidence",
      resource: sg({ ingress: [tcp(9200, "0.0.0.0/0"), tcp(9200, "sg-0apptier000000001"), tcp(5432, "pl-0123456789abcdef0")], attachments: 0 }),
      severity: "medium",
      evidence: { attachmentCount: 0, otherSources: ["tcp/9200 from sg-0apptier000000001", "tcp/5432 from pl-0123456789abcdef0"] },
    },
  ],
  notApplicable: [],
});
