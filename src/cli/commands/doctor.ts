/** `kfts doctor`: checks the connection, credentials, permissions and installation, with a fix for each problem. */
import type { Command } from "commander";
import { UsageError } from "../cli-errors.ts";
import type { CliContext } from "../cli-context.ts";

/** Adds doctor. */
export function addDoctorCommand(program: Command, ctx: CliContext): void {
  program
    .command("doctor")
    .description("check the setup, as the seed guide's troubleshooting does: DNS, TCP, TLS, token, RBAC, Katib/Trainer APIs, namespace label, clock")
    .option("-o, --output <format>", "text|json", "text")
    .action(async (flags: { output: string }) => {
      if (flags.output !== "text" && flags.output !== "json") throw new UsageError(`unknown output format "${flags.output}"`, "use -o text|json");
      // The checks load when doctor runs, not with every kfts command.
      const [{ runDoctor }, { renderDoctorJson, renderDoctorText }] = await Promise.all([import("../doctor/run-doctor.ts"), import("../doctor/render-doctor.ts")]);
      const report = await runDoctor(ctx);
      ctx.out(flags.output === "json" ? renderDoctorJson(report) : renderDoctorText(report));
      ctx.exitCode = report.ok ? 0 : 1;
    });
}
