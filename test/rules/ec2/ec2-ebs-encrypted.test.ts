import rule from "../../../rules/ec2/ec2-ebs-encrypted.js";
import { volume } from "../../support/ec2-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** A record from a snapshot written without the Encrypted field. */
function withoutEncrypted() {
  const record = volume({ attachedTo: ["i-0a000000000000001"] });
  const { encrypted: _omitted, ...attributes } = record.attributes;
  return { ...record, attributes };
}

ruleTester.run(rule, {
  pass: [
    { name: "encrypted with a customer key", resource: volume({ encrypted: true, kmsKeyId: KEY, attachedTo: ["i-0a000000000000001"] }), reason: /encrypted with arn:aws:kms:/ },
    { name: "Multi-Attach volume, encrypted", resource: volume({ encrypted: true, attachedTo: ["i-0a000000000000001", "i-0a000000000000002"] }), evidence: { instanceIds: ["i-0a000000000000001", "i-0a000000000000002"] } },
  ],
  fail: [
    { resource: volume({ attachedTo: ["i-0a000000000000001"] }), reason: /attached to i-0a000000000000001 is not encrypted \(Encrypted: false\)/, severity: "medium" },
    { name: "Multi-Attach volume names every instance", resource: volume({ attachedTo: ["i-0a000000000000001", "i-0a000000000000002"] }), reason: /i-0a000000000000001, i-0a000000000000002/ },
    { name: "evidence carries the attribute", resource: volume({ encrypted: false, attachedTo: ["i-0a000000000000003"] }), evidence: { encrypted: false, instanceIds: ["i-0a000000000000003"] } },
  ],
  notApplicable: [
    { name: "unattached, unencrypted", resource: volume(), reason: /not attached/ },
    { name: "unattached, encrypted", resource: volume({ encrypted: true }) },
  ],
  error: [{ name: "Encrypted not collected", resource: withoutEncrypted(), reason: /Encrypted attribute was not collected/ }],
});
