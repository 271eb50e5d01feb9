import { Command } from "commander";
import pc from "picocolors";
import { allRules } from "../../../rules/index.js";
import { complianceTable } from "../../../rules/compliance.js";
import { defaultParams } from "../../evaluate/rule.js";
import { emit, useColor } from "../output.js";
import type { ConnectionFlags } from "../shared-options.js";
import { formatOption, loadConfig } from "../shared-options.js";

export function rulesCommand(): Command {
  return new Command("rules")
    .description("list the rules with severity, AWS Config / Security Hub references and whether the config enables them")
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
      const color = useColor();
      const rows = complianceTable(allRules).map((r) => [r.id, r.severity, r.awsConfig, r.securityHub, enabled.has(r.id) ? "enabled" : "disabled"]);
      const header = ["RULE", "SEVERITY", "AWS CONFIG", "SECURITY HUB", "STATUS"];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
      const text = [color ? pc.bold(line(header)) : line(header), ...rows.map(line), "", `${allRules.length} rules, ${enabled.size} enabled`].join("\n");
      await emit(text);
    });
}
