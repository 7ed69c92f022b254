/**
 * `lifeboat backup-location set NAME [--default[=false]] [--access-mode] [--credential]
 * [--config k=v,…] [--cacert] [--validation-frequency] [--backup-sync-period]`: changes an
 * existing location (config keys are merged), written with its resourceVersion so a concurrent
 * change is not overwritten silently.
 */
import type { Command } from "commander";
import { KubeError } from "../../kube/errors.ts";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";
import { UsageError } from "../output.ts";
import { addLocationOptions } from "./create.ts";
import { clearOtherDefaults } from "./default-location.ts";
import { applySetFlags, checkLocationName, hasSetFlags, type LocationFlags } from "./spec.ts";

export function registerLocationSet(parent: Command): void {
  const command = parent
    .command("set")
    .description("Change a backup storage location")
    .argument("<name>", "name of the location");
  addKubeOptions(addLocationOptions(command)).action(async (name: string, flags: LocationFlags, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    checkLocationName(name);
    if (!hasSetFlags(flags))
      throw new UsageError("set: nothing to change; give e.g. --default, --access-mode ReadOnly or --config region=x");
    await withKube(globals, async (ctx) => {
      let current;
      try {
        current = await ctx.locations.get(name);
      } catch (err) {
        if (KubeError.is(err, "NotFound"))
          throw new UsageError(`NAME: backup storage location "${name}" does not exist in namespace ${ctx.namespace}`);
        throw err;
      }
      const updated = applySetFlags(current, flags);
      await ctx.locations.replace(updated);
      process.stderr.write(`Backup storage location "${name}" configured successfully.\n`);
      if (updated.spec.default) {
        for (const other of await clearOtherDefaults(ctx.locations, name))
          process.stderr.write(`Backup storage location "${other}" is no longer the default.\n`);
      }
    });
  });
}
