/**
 * ServiceAccount fix-ups (Velero's service-account action): the legacy auto-generated token
 * secrets `<name>-token-*` are dropped from `.secrets`; the new cluster's token controller
 * (or the kubelet's projected tokens) provides tokens. And, for a ServiceAccount that already
 * exists (every namespace has `default`), the merge Velero does: the backup's secrets and
 * imagePullSecrets the live object lacks are appended, and its missing labels and annotations
 * are added; nothing the live object has is changed.
 */
import { type KubeObject, clone, isRecord, list, nameOf, str, stringMap } from "../object.ts";
import { type ActionResult, keep } from "./types.ts";

export function serviceAccountAction(input: KubeObject): ActionResult {
  const account = clone(input);
  const prefix = `${nameOf(account)}-token-`;
  if (Array.isArray(account.secrets)) {
    account.secrets = account.secrets.filter((s) => !(str(s, "name") ?? "").startsWith(prefix));
  }
  return keep(account);
}

function missingByName(live: unknown[], wanted: unknown[]): unknown[] {
  const have = new Set(live.map((r) => str(r, "name")));
  return wanted.filter((r) => isRecord(r) && !have.has(str(r, "name")));
}

function missingEntries(live: Record<string, string>, wanted: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(wanted).filter(([k]) => !(k in live)));
}

/**
 * The merge patch that adds to the live ServiceAccount what the backed-up one has and it lacks,
 * or undefined when there is nothing to add.
 */
export function serviceAccountMergePatch(live: KubeObject, fromBackup: KubeObject): KubeObject | undefined {
  const patch: KubeObject = {};
  for (const key of ["secrets", "imagePullSecrets"]) {
    const missing = missingByName(list(live, key), list(fromBackup, key));
    if (missing.length > 0) patch[key] = [...list(live, key), ...missing];
  }
  const meta: Record<string, unknown> = {};
  for (const key of ["labels", "annotations"] as const) {
    const missing = missingEntries(stringMap(live, key), stringMap(fromBackup, key));
    if (Object.keys(missing).length > 0) meta[key] = missing;
  }
  if (Object.keys(meta).length > 0) patch.metadata = meta;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
