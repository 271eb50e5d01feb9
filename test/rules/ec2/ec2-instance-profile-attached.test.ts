import rule from "../../../rules/ec2/ec2-instance-profile-attached.js";
import { describedInstance } from "../../support/ec2-builders.js";
import { ruleTester } from "../../support/rule-tester.js";

const noProfile = { IamInstanceProfile: undefined };

ruleTester.run(rule, {
  pass: [
    { name: "running with a profile", resource: describedInstance(), reason: /instance-profile\/web is attached/, evidence: { iamInstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/web" } },
    { name: "pending with a profile", resource: describedInstance({ State: { Code: 0, Name: "pending" } }) },
  ],
  fail: [
    { name: "running without a profile", resource: describedInstance(noProfile), reason: /no IAM instance profile/, severity: "medium", evidence: { iamInstanceProfileArn: null } },
    { name: "pending without a profile", resource: describedInstance({ ...noProfile, State: { Code: 0, Name: "pending" } }), reason: /access keys/ },
    {
      name: "Auto Scaling member without a profile",
      resource: describedInstance({ ...noProfile, Tags: [{ Key: "aws:autoscaling:groupName", Value: "web-asg" }] }),
      evidence: { autoScalingGroupName: "web-asg" },
    },
  ],
  notApplicable: [
    { name: "stopped", resource: describedInstance({ ...noProfile, State: { Code: 80, Name: "stopped" } }), reason: /stopped, not running/ },
    { name: "stopping", resource: describedInstance({ ...noProfile, State: { Code: 64, Name: "stopping" } }) },
    { name: "shutting down", resource: describedInstance({ ...noProfile, State: { Code: 32, Name: "shutting-down" } }), reason: /shutting-down/ },
  ],
  error: [{ name: "state not read", resource: describedInstance({ ...noProfile, State: undefined }), reason: /state was not read/ }],
});
