import type { Rule } from "../../src/evaluate/rule.js";
import ec2DbPortsRestricted from "./ec2-db-ports-restricted.js";
import ec2DefaultSgClosed from "./ec2-default-sg-closed.js";
import ec2EbsEncrypted from "./ec2-ebs-encrypted.js";
import ec2EipAttached from "./ec2-eip-attached.js";
import ec2ImdsV2Required from "./ec2-imdsv2-required.js";
import ec2InstanceProfileAttached from "./ec2-instance-profile-attached.js";
import ec2InstanceTerminationProtection from "./ec2-instance-termination-protection.js";
import ec2NoAllTrafficFromInternet from "./ec2-no-all-traffic-from-internet.js";
import ec2OnlyWebPortsPublic from "./ec2-only-web-ports-public.js";
import ec2RdpRestricted from "./ec2-rdp-restricted.js";
import ec2SshRestricted from "./ec2-ssh-restricted.js";

export const ec2Rules: Rule[] = [
  ec2SshRestricted,
  ec2RdpRestricted,
  ec2DbPortsRestricted,
  ec2NoAllTrafficFromInternet,
  ec2OnlyWebPortsPublic,
  ec2DefaultSgClosed,
  ec2EbsEncrypted,
  ec2InstanceTerminationProtection,
  ec2EipAttached,
  ec2InstanceProfileAttached,
  ec2ImdsV2Required,
];
