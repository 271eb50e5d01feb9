// A local osls plugin: parses the config file with the rules when `serverless package` or `deploy`
// starts, so that a misspelt rule id fails the deployment instead of the function's first run.
const { join } = require("node:path");
const { loadTs } = require("./load-ts.cjs");

class ConfigCheck {
  constructor(serverless) {
    const check = () => checkConfig(serverless);
    this.hooks = { "before:package:initialize": check, "before:deploy:function:initialize": check };
  }
}

async function checkConfig(serverless) {
  const file = serverless.service.provider.environment?.DRIFTWARDEN_CONFIG_FILE;
  if (!file) return;
  const { checkConfigFile } = await loadTs("src/deploy/config-file.ts");
  try {
    await checkConfigFile(join(serverless.serviceDir, file), file);
  } catch (error) {
    // A ServerlessError prints as the message alone, without a stack.
    if (error.name === "ConfigError") throw new serverless.classes.Error(error.message, "DRIFTWARDEN_CONFIG");
    throw error;
  }
}

module.exports = ConfigCheck;
