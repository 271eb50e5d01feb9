const { loadTs } = require("./load-ts.cjs");

module.exports.statements = async () => {
  const { iamStatements } = await loadTs("src/deploy/iam-policy.ts");
  return iamStatements({
    tableArn: { "Fn::GetAtt": ["FindingsTable", "Arn"] },
    topicArn: { Ref: "AlertsTopic" },
    topicKeyArn: { "Fn::GetAtt": ["AlertsKey", "Arn"] },
  });
};
