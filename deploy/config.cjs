const { readFileSync, existsSync } = require("node:fs");
const { resolve } = require("node:path");

// The function receives the config file's text; it is validated when the function starts a run
// and by `driftwarden rules --config FILE` before deploying.
module.exports.text = async ({ resolveVariable }) => {
  const path = await resolveVariable("param:configFile");
  if (!path) return "";
  const full = resolve(__dirname, "..", path);
  if (!existsSync(full)) throw new Error(`configFile parameter: ${path} does not exist`);
  return readFileSync(full, "utf8");
};
