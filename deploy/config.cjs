const { existsSync } = require("node:fs");
const { isAbsolute, relative, resolve } = require("node:path");

// The config file ships inside the function's package (an environment variable holds at most 4 KB);
// the function reads it from there, and deploy/config-check.cjs parses it before packaging.
async function packagedPath({ resolveVariable }) {
  const path = await resolveVariable("param:configFile");
  if (!path) return "";
  const serviceDir = resolve(__dirname, "..");
  const full = resolve(serviceDir, path);
  if (!existsSync(full)) throw new Error(`configFile parameter: ${path} does not exist`);
  const inPackage = relative(serviceDir, full).split("\\").join("/");
  if (inPackage.startsWith("../") || isAbsolute(inPackage)) {
    throw new Error(`configFile parameter: ${path} is outside the service directory, and only files under it can be packaged`);
  }
  return inPackage;
}

/** The config file's path in the package, relative to its root; "" for the defaults. */
module.exports.file = packagedPath;

/** The function's package.patterns: the config file, when there is one. */
module.exports.patterns = async (context) => {
  const file = await packagedPath(context);
  return file ? [file] : [];
};
