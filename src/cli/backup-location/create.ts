/**
 * `lifeboat backup-location create NAME --provider aws --bucket B [--prefix P] [--config k=v,…]
 * [--credential secret=key] [--default] [--access-mode ReadWrite|ReadOnly]
 * [--validation-frequency 1m] [--backup-sync-period 1m] [--cacert file] [--labels k=v]`.
 * With -o json|yaml the object is printed and not sent (Velero's habit for create commands).
 */
import type { Command } from "commander";
import { KubeError } from "../../kube/errors.ts";
import { addKubeOptions, kubeGlobals, withKube, type KubeContext } from "../kube-context.ts";
import { printData, UsageError } from "../output.ts";
import { clearOtherDefaults } from "./default-location.ts";
import { locationFromFlags, type LocationFlags } from "./spec.ts";

export function addLocationOptions(command: Command): Command {
  return command
    .option("--config <pairs>", "provider config, e.g. region=minio,s3ForcePathStyle=true,s3Url=http://minio:9000")
    .option("--credential <secret=key>", "the Secret (in the install namespace) and key holding the credentials")
    .option("--default [bool]", "make this the default location (=false to unset); clears it on the others")
    .option("--access-mode <mode>", "ReadWrite, or ReadOnly to restore from it without ever writing")
    .option("--validation-frequency <duration>", 'how often to check the location, e.g. 1m ("0" disables)')
    .option("--backup-sync-period <duration>", 'how often to sync backups from the bucket, e.g. 1m ("0" disables)')
    .option("--cacert <file>", "PEM file of the CA that signed the S3 endpoint's certificate");
}

/** Warns (does not fail) when the credential Secret is missing: the location cannot work without it. */
async function warnMissingSecret(ctx: KubeContext, name: string): Promise<void> {
  try {
    await ctx.rest.get(`/api/v1/namespaces/${ctx.namespace}/secrets/${encodeURIComponent(name)}`);
  } catch (err) {
    if (KubeError.is(err, "NotFound"))
      process.stderr.write(
        `Warning: secret "${name}" does not exist in namespace ${ctx.namespace} yet; create it before the location is validated.\n`,
      );
  }
}

export function registerLocationCreate(parent: Command): void {
  const command = parent
    .command("create")
    .description("Create a backup storage location")
    .argument("<name>", "name of the location")
    .option("--provider <provider>", "aws (any S3-compatible store) or filesystem")
    .option("--bucket <bucket>", "bucket name (for filesystem: an absolute folder path)")
    .option("--prefix <prefix>", "folder inside the bucket for Lifeboat's data")
    .option("--labels <pairs>", "labels for the location object, e.g. site=dc1");
  addKubeOptions(addLocationOptions(command)).action(async (name: string, flags: LocationFlags, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    const location = locationFromFlags(name, globals.namespace, flags);
    if (globals.output !== "table") {
      printData(globals.output, location, () => "");
      return;
    }
    await withKube(globals, async (ctx) => {
      try {
        await ctx.locations.create(location);
      } catch (err) {
        if (KubeError.is(err, "AlreadyExists"))
          throw new UsageError(
            `NAME: backup storage location "${name}" already exists; change it with: lifeboat backup-location set ${name}`,
            { cause: err },
          );
        throw err;
      }
      process.stderr.write(`Backup storage location "${name}" configured successfully.\n`);
      if (location.spec.credential) await warnMissingSecret(ctx, location.spec.credential.name);
      if (location.spec.default) {
        for (const other of await clearOtherDefaults(ctx.locations, name))
          process.stderr.write(`Backup storage location "${other}" is no longer the default.\n`);
      }
    });
  });
}
