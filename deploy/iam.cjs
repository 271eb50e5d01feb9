const { join } = require("node:path");
const { loadTs } = require("./load-ts.cjs");
const config = require("./config.cjs");
const organization = require("./organization.cjs");

module.exports.statements = async (context) => {
  const { iamStatements, organizationStatements } = await loadTs("src/deploy/iam-policy.ts");
  const statements = iamStatements({
    tableArn: { "Fn::GetAtt": ["FindingsTable", "Arn"] },
    topicArn: { Ref: "AlertsTopic" },
    topicKeyArn: { "Fn::GetAtt": ["AlertsKey", "Arn"] },
  });
  if (!(await organization.params(context)).organization) return statements;
  // The member role the deployed config names (organization.roleName), or the default.
  const file = await config.file(context);
  const { checkConfigFile } = await loadTs("src/deploy/config-file.ts");
  const deployed = file ? await checkConfigFile(join(__dirname, "..", file), file) : {};
  return [...statements, ...organizationStatements(deployed)];
};
