import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { Command } from "commander";
import { allRules } from "../../../rules/index.js";
import { clientConfigFactory } from "../../collect/client-config.js";
import { runClient } from "../../collect/run-client.js";
import { findingsByRegion, exportToSecurityHub } from "../../publish/report/securityhub-export.js";
import { goneFindingIds, toAsff } from "../../publish/report/asff.js";
import { auditFromFlags } from "../audit-run.js";
import { debugPlugins } from "../debug.js";
import type { AuditRunFlags } from "../audit-run.js";
import { EXIT } from "../exit-codes.js";
import { withAuditOptions } from "../shared-options.js";

export function exportCommand(): Command {
  const securityhub = withAuditOptions(
    new Command("securityhub").description(
      "audit, then import the findings into AWS Security Hub (BatchImportFindings, 100 per call), archiving findings whose resource is gone; the caller's account only (Security Hub takes a finding only from the account it is about)",
    ),
  )
    .option("--dry-run", "print how many findings would be sent per region, and send nothing")
    .action(async (flags: AuditRunFlags & { dryRun?: boolean }) => {
      // Security Hub accepts a finding under the default product ARN only from the account it names: the caller's.
      const { report, notRecorded } = await auditFromFlags(flags, { dryRun: Boolean(flags.dryRun), callerOnly: true });
      const findings = toAsff(report, { rules: allRules });
      const archive = goneFindingIds(report);
      const configFor = clientConfigFactory({ ...(flags.profile && { profile: flags.profile }), ...(flags.endpointUrl && { endpointUrl: flags.endpointUrl }) });
      let failed = 0;
      for (const [region, group] of findingsByRegion(findings)) {
        if (flags.dryRun) {
          process.stdout.write(`${region}: would send ${group.length} findings\n`);
          continue;
        }
        const client = runClient(new SecurityHubClient(configFor(region)), debugPlugins(flags));
        try {
          const result = await exportToSecurityHub(client, group, archive);
          failed += result.failed.length;
          process.stdout.write(`${region}: ${result.imported} imported, ${result.archived} archived, ${result.failed.length} failed\n`);
          for (const f of result.failed.slice(0, 10)) process.stderr.write(`  ${f.Id}: ${f.ErrorCode}: ${f.ErrorMessage}\n`);
        } finally {
          client.destroy();
        }
      }
      if (notRecorded) process.stderr.write(`driftwarden: ${notRecorded}\n`);
      process.exitCode = notRecorded ? EXIT.usage : failed > 0 ? EXIT.failing : EXIT.clean;
    });
  return new Command("export").description("send findings to other tools").addCommand(securityhub);
}
