/** The bundled demo account's two nights, and what changes between them: the expectations several CLI tests share. */
export const DEMO_NIGHT_1 = "examples/webapp-account.json";
export const DEMO_NIGHT_2 = "examples/webapp-account-next.json";
/** Night 2's CloudTrail log: who made each of its changes (audit --events). */
export const DEMO_EVENTS = "examples/webapp-account-next.events.json";
export const DEMO_ACCOUNT = "111122223333";

/** Night 2's transitions after night 1, other than PERSISTING, as "KIND rule resource", sorted. */
export const NIGHT_2_CHANGES = [
  "NEW cloudfront-https-only E4PROMO5EXAMPLE",
  "NEW cloudfront-s3-origin-access-control E4PROMO5EXAMPLE",
  "NEW ec2-only-web-ports-public sg-0a1b2c3d4e5f60002",
  "REGRESSED cloudtrail-multi-region-logging 111122223333",
  "REGRESSED ec2-ssh-restricted sg-0a1b2c3d4e5f60002",
  "REGRESSED iam-root-no-access-keys 111122223333",
  "REGRESSED rds-multi-az orders-db",
  "REGRESSED s3-bucket-not-public webapp-static",
  "REGRESSED s3-bucket-public-access-blocked webapp-static",
  "REGRESSED s3-origin-only-via-cloudfront webapp-static",
  "RESOLVED asg-behind-load-balancer worker-asg",
  "RESOLVED asg-multi-az worker-asg",
  "RESOLVED iam-root-mfa 111122223333",
];
