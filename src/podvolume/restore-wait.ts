/**
 * The `restore-wait` init container, in one place: how file-system restore builds it (first
 * init container of a restored pod, Lifeboat's image, `lifeboat restore-helper <restore uid>`,
 * each restored volume mounted at `/restores/<volume>`), and how it is read back (the test
 * cluster's fake kubelet runs the helper's logic itself, since it has no containers).
 */
import type { V1Container } from "@kubernetes/client-node";

export const restoreWaitName = "restore-wait";
export const defaultRestoresDir = "/restores";
export const restoreHelperCommand = ["lifeboat", "restore-helper"] as const;

export interface RestoreWaitSpec {
  image: string;
  restoreUid: string;
  /** Names of the pod's volumes being restored. */
  volumes: readonly string[];
  imagePullPolicy?: string;
}

export function restoreWaitContainer(spec: RestoreWaitSpec): V1Container {
  return {
    name: restoreWaitName,
    image: spec.image,
    ...(spec.imagePullPolicy ? { imagePullPolicy: spec.imagePullPolicy } : {}),
    command: [...restoreHelperCommand],
    args: [spec.restoreUid],
    volumeMounts: spec.volumes.map((name) => ({ name, mountPath: `${defaultRestoresDir}/${name}` })),
    resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
  };
}

export interface ParsedRestoreWait {
  restoreUid: string;
  restoresDir: string;
  /** Each mounted volume and the folder name it has under the restores folder. */
  mounts: { volume: string; dir: string }[];
}

function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === flag) return args[i + 1];
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  }
  return undefined;
}

function firstPositional(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (!arg.startsWith("-")) return arg;
    if (!arg.includes("=")) i++; // skip the flag's value
  }
  return undefined;
}

/** The restore-wait container's restore uid and mounts, or undefined if `container` is not one. */
export function parseRestoreWait(container: V1Container): ParsedRestoreWait | undefined {
  if (container.name !== restoreWaitName) return undefined;
  const words = [...(container.command ?? []), ...(container.args ?? [])];
  const at = words.indexOf("restore-helper");
  if (at < 0) return undefined;
  const args = words.slice(at + 1);
  const restoreUid = firstPositional(args);
  if (!restoreUid) return undefined;
  const restoresDir = (flagValue(args, "--restores-dir") ?? defaultRestoresDir).replace(/\/+$/, "");
  const mounts: ParsedRestoreWait["mounts"] = [];
  for (const mount of container.volumeMounts ?? []) {
    const rel = mount.mountPath.startsWith(`${restoresDir}/`) ? mount.mountPath.slice(restoresDir.length + 1) : "";
    if (rel && !rel.includes("/")) mounts.push({ volume: mount.name, dir: rel });
  }
  return { restoreUid, restoresDir, mounts };
}
