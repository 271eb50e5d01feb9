// An organization deployment (--param organization=true): the nightly schedule starts the state machine
// (discovery, one audit per account in a Distributed Map, one digest) instead of the audit function alone.
// With organization=false (the default) every value here is the single-account deployment's.
const { loadTs } = require("./load-ts.cjs");
const config = require("./config.cjs");

let stateMachineModule;
// One build of the module for all of this file's variables.
const stateMachine = () => (stateMachineModule ??= loadTs("src/deploy/state-machine.ts"));

async function params({ resolveVariable }) {
  const { organizationParams } = await stateMachine();
  return organizationParams({
    organization: await resolveVariable("param:organization"),
    maxConcurrency: await resolveVariable("param:maxConcurrency"),
    toleratedFailurePercentage: await resolveVariable("param:toleratedFailurePercentage"),
  });
}
module.exports.params = params;

/** The audit function's schedule: its own in a single-account deployment; the state machine's otherwise. */
module.exports.auditEvents = async (context) => ((await params(context)).organization ? [] : [{ schedule: { rate: await context.resolveVariable("param:schedule") } }]);

/**
 * One audit of the account at a time in a single-account deployment (a second delivery waits rather than
 * reading it twice); as many as the Map runs at once in an organization deployment, reserved so that they are never throttled.
 */
module.exports.auditConcurrency = async (context) => {
  const { organization, maxConcurrency } = await params(context);
  return organization ? maxConcurrency : 1;
};

/** The state machine's first and last steps. */
module.exports.functions = async (context) => {
  if (!(await params(context)).organization) return {};
  const patterns = await config.patterns(context);
  return {
    discover: {
      handler: "functions/discover.handler",
      description: "Lists the organization's accounts for the driftwarden state machine",
      memorySize: 512,
      timeout: 300,
      package: { patterns },
    },
    digest: {
      handler: "functions/digest.handler",
      description: "Sends one driftwarden digest for every account of the organization run",
      memorySize: 512,
      timeout: 120,
      package: { patterns },
    },
  };
};

/** The state machine (serverless-step-functions), scheduled nightly; none in a single-account deployment. */
module.exports.stepFunctions = async (context) => {
  const { organization, maxConcurrency, toleratedFailurePercentage } = await params(context);
  if (!organization) return { stateMachines: {} };
  const { organizationStateMachine, stateMachineRoleStatements } = await stateMachine();
  const name = `${await context.resolveVariable("self:service")}-${await context.resolveVariable("sls:stage")}-organization`;
  const fn = (local) => ({ "Fn::GetAtt": [local, "Arn"] });
  return {
    // asl-validator checks the definition when the service is packaged.
    validate: true,
    stateMachines: {
      organizationAudit: {
        id: "OrganizationAuditStateMachine",
        name,
        events: [{ schedule: { rate: await context.resolveVariable("param:schedule") } }],
        definition: organizationStateMachine({ functions: { discover: fn("discover"), audit: fn("audit"), digest: fn("digest") }, maxConcurrency, toleratedFailurePercentage }),
        iamRoleStatements: stateMachineRoleStatements(name),
        // A run that fails (discovery, the digest, or more Map items than tolerated) alarms to the alerts topic.
        alarms: { topics: { alarm: { Ref: "AlertsTopic" } }, metrics: ["executionsFailed", "executionsTimedOut", "executionsAborted"], treatMissingData: "notBreaching" },
      },
    },
  };
};
