/**
 * `lifeboat restore-helper <restoreUID> [--restores-dir /restores] [--poll 1s]`: the command of
 * the `restore-wait` init container (src/restore-helper.ts). Waits until every volume mounted
 * under the restores folder has its done-marker, removes the markers and exits 0; says what it
 * waits for every 10 s. If the node agent left a failure marker, it prints the reason and exits
 * 1, so the pod shows the failure (Init:Error / CrashLoopBackOff) instead of hanging in Init.
 */
import type { Command } from "commander";
import { parseDuration } from "../api/duration.ts";
import { waitForMarkers } from "../restore-helper.ts";
import { UsageError } from "./output.ts";

const reportEveryMs = 10_000;

function line(text: string): void {
  process.stdout.write(`${new Date().toISOString()} ${text}\n`);
}

export function registerRestoreHelper(program: Command): void {
  program
    .command("restore-helper")
    .description(
      "Wait until every restored volume under --restores-dir has its done-marker (restore-wait init container)",
    )
    .argument("<restoreUID>", "the Restore's metadata.uid")
    .option("--restores-dir <dir>", "where the restored volumes are mounted", "/restores")
    .option("--poll <duration>", "how often to look", "1s")
    .action(async (restoreUid: string, flags: { restoresDir: string; poll: string }) => {
      let pollMs: number;
      try {
        pollMs = parseDuration(flags.poll);
      } catch (err) {
        throw new UsageError(`--poll: ${(err as Error).message}`);
      }
      if (pollMs <= 0) throw new UsageError(`--poll: "${flags.poll}" must be more than 0 (e.g. 1s)`);
      line(`waiting for the volumes under ${flags.restoresDir} to be restored (restore ${restoreUid})`);
      const result = await waitForMarkers({
        restoresDir: flags.restoresDir,
        restoreUid,
        pollMs,
        reportEveryMs,
        report: (state) => line(`still waiting for ${state.waitingFor.join(", ")}`),
      });
      for (const warning of result.warnings) line(`warning: ${warning}`);
      if (result.failed.length > 0) {
        for (const f of result.failed) line(`volume ${f.volume}: the restore failed: ${f.message}`);
        line("not starting the pod on incomplete data; see the restore's logs (lifeboat restore logs)");
        process.exitCode = 1;
        return;
      }
      line("every volume is restored; starting the pod");
    });
}
