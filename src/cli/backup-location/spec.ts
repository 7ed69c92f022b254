/**
 * Building a BackupStorageLocation from `backup-location create` flags, and applying
 * `backup-location set` flags to an existing one. Values are parsed here (one-line UsageErrors
 * naming the flag) and the result is checked with validateLocationSpec, whose findings are
 * reported under the flag that set the field.
 */
import { readFileSync } from "node:fs";
import {
  accessModes,
  providers,
  type BackupStorageLocation,
  type BackupStorageLocationSpec,
} from "../../api/backup-storage-location.ts";
import { apiVersion } from "../../api/group.ts";
import { validateLocationSpec } from "../../api/validation.ts";
import {
  parseChoice,
  parseDurationFlag,
  parseKeyValues,
  parseLabels,
  parseOptionalBool,
  parseSecretKey,
} from "../flags.ts";
import { objectNameProblem } from "../print-objects.ts";
import { UsageError } from "../output.ts";
import { throwIfProblems } from "../spec-problems.ts";

export interface LocationFlags {
  provider?: string;
  bucket?: string;
  prefix?: string;
  config?: string;
  credential?: string;
  default?: string | boolean;
  accessMode?: string;
  validationFrequency?: string;
  backupSyncPeriod?: string;
  cacert?: string;
  labels?: string;
}

const configExample = "region=minio,s3ForcePathStyle=true,s3Url=http://minio.lifeboat.svc:9000";

/** Base64 of a PEM file, as objectStorage.caCert holds it. */
export function readCaCert(file: string, read: (f: string) => Buffer = readFileSync): string {
  let pem: Buffer;
  try {
    pem = read(file);
  } catch (err) {
    throw new UsageError(`--cacert: cannot read ${file}: ${(err as Error).message}`);
  }
  if (!pem.toString("utf8").includes("-----BEGIN CERTIFICATE-----"))
    throw new UsageError(
      `--cacert: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----); e.g. --cacert ca.crt`,
    );
  return pem.toString("base64");
}

/** The settable fields shared by create and set, for the flags that were given. */
function commonFields(flags: LocationFlags): Partial<BackupStorageLocationSpec> {
  const spec: Partial<BackupStorageLocationSpec> = {};
  if (flags.config !== undefined) spec.config = parseKeyValues("--config", flags.config, configExample);
  if (flags.credential !== undefined) spec.credential = parseSecretKey("--credential", flags.credential);
  const isDefault = parseOptionalBool("--default", flags.default);
  if (isDefault !== undefined) spec.default = isDefault;
  if (flags.accessMode !== undefined) spec.accessMode = parseChoice("--access-mode", flags.accessMode, accessModes);
  if (flags.validationFrequency !== undefined)
    spec.validationFrequency = parseDurationFlag("--validation-frequency", flags.validationFrequency, "1m");
  if (flags.backupSyncPeriod !== undefined)
    spec.backupSyncPeriod = parseDurationFlag("--backup-sync-period", flags.backupSyncPeriod, "1m");
  return spec;
}

export function checkLocationName(name: string): void {
  const problem = objectNameProblem(name);
  if (problem) throw new UsageError(`NAME: ${problem}`);
}

export function locationFromFlags(name: string, namespace: string, flags: LocationFlags): BackupStorageLocation {
  checkLocationName(name);
  if (flags.provider === undefined)
    throw new UsageError("--provider: required; e.g. --provider aws (any S3-compatible store)");
  const provider = parseChoice("--provider", flags.provider, providers);
  if (!flags.bucket) throw new UsageError("--bucket: required; e.g. --bucket lifeboat-backups");
  const spec: BackupStorageLocationSpec = {
    provider,
    objectStorage: {
      bucket: flags.bucket,
      ...(flags.prefix !== undefined ? { prefix: flags.prefix } : {}),
      ...(flags.cacert !== undefined ? { caCert: readCaCert(flags.cacert) } : {}),
    },
    accessMode: "ReadWrite",
    ...commonFields(flags),
  };
  throwIfProblems(validateLocationSpec(spec));
  const labels = flags.labels === undefined ? undefined : parseLabels("--labels", flags.labels);
  return {
    apiVersion,
    kind: "BackupStorageLocation",
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec,
  };
}

/** The location with `set`'s flags applied; config keys are merged into the existing ones. */
export function applySetFlags(location: BackupStorageLocation, flags: LocationFlags): BackupStorageLocation {
  const changes = commonFields(flags);
  const spec: BackupStorageLocationSpec = {
    ...location.spec,
    ...changes,
    ...(changes.config ? { config: { ...location.spec.config, ...changes.config } } : {}),
  };
  if (flags.cacert !== undefined) spec.objectStorage = { ...spec.objectStorage, caCert: readCaCert(flags.cacert) };
  throwIfProblems(validateLocationSpec(spec));
  return { ...location, spec };
}

/** True when any settable flag was given (set without flags is a mistake worth naming). */
export function hasSetFlags(flags: LocationFlags): boolean {
  return [
    flags.config,
    flags.credential,
    flags.default,
    flags.accessMode,
    flags.validationFrequency,
    flags.backupSyncPeriod,
    flags.cacert,
  ].some((v) => v !== undefined);
}
