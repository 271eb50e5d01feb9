import { Command } from "commander";
import { allRules } from "../../../rules/index.js";
import { defaultParams } from "../../evaluate/rule.js";
import { emit, useColor } from "../output.js";
import { wrapWidth } from "../output-width.js";
import { renderRuleCatalogue } from "../rule-catalogue.js";
import type { ConnectionFlags } from "../shared-options.js";
import { formatOption, loadConfig } from "../shared-options.js";

export function rulesCommand(): Command {
  return new Command("rules")
    .description("list the rules with title, severity, AWS Config / Security Hub references, params (with defaults) and whether the config enables them")
    .addOption(formatOption(["table", "json"], "table"))
    .option("-c, --config <file>", "driftwarden.config.yaml or .json whose enabled rules and params to show")
    .action(async (flags: Pick<ConnectionFlags, "config"> & { format: "table" | "json" }) => {
      const config = await loadConfig(flags);
      const enabled = new Map(config.rules.map((r) => [r.rule.id, r.params]));
      if (flags.format === "json") {
        const catalogue = allRules.map((rule) => ({
          id: rule.id,
          title: rule.title,
          service: rule.service,
          severity: rule.severity,
          resourceTypes: rule.resourceTypes,
          rationale: rule.rationale,
          remediation: rule.remediation,
          references: rule.references,
          defaultParams: defaultParams(rule),
          enabled: enabled.has(rule.id),
          ...(enabled.has(rule.id) && { params: enabled.get(rule.id) }),
        }));
        await emit(JSON.stringify(catalogue, null, 2));
        return;
      }
      await emit(renderRuleCatalogue(allRules, { enabled, color: useColor(), width: wrapWidth() }));
    });
}
