/**
 * Pod fix-ups (Velero's pod action, extended): the pod is scheduled afresh (nodeName cleared),
 * its priority is recomputed from its PriorityClass (priority cleared), and the service-account
 * token volumes are dropped so the ServiceAccount admission plugin mounts a token of the new
 * cluster: the projected `kube-api-access-*` volumes of current clusters and the legacy
 * `<serviceaccount>-token-*` secret volumes. Ephemeral (debug) containers are dropped too, as
 * the API refuses them on create. Then the request's podMutator runs (file-system restore adds
 * its restore-wait init container there).
 */
import { type KubeObject, child, clone, isRecord, list, str } from "../object.ts";
import { type ActionResult, keep } from "./types.ts";

export interface PodActionOptions {
  sourceNamespace: string;
  podMutator?: ((pod: Record<string, unknown>, sourceNamespace: string) => Record<string, unknown>) | undefined;
}

export function isTokenVolume(name: string, serviceAccount: string): boolean {
  return name.startsWith("kube-api-access-") || name.startsWith(`${serviceAccount}-token-`);
}

/** The pod with scheduling results and token volumes removed (no mutator). */
export function resetPod(input: KubeObject): KubeObject {
  const pod = clone(input);
  const spec = child(pod, "spec");
  if (!spec) return pod;
  delete spec.nodeName;
  delete spec.priority;
  delete spec.ephemeralContainers;
  const serviceAccount = str(spec, "serviceAccountName") ?? str(spec, "serviceAccount") ?? "default";
  const isToken = (v: unknown): boolean => isRecord(v) && isTokenVolume(str(v, "name") ?? "", serviceAccount);
  if (Array.isArray(spec.volumes)) spec.volumes = spec.volumes.filter((v) => !isToken(v));
  for (const key of ["containers", "initContainers"]) {
    for (const container of list(spec, key)) {
      if (isRecord(container) && Array.isArray(container.volumeMounts))
        container.volumeMounts = container.volumeMounts.filter((m) => !isToken(m));
    }
  }
  return pod;
}

export function podAction(input: KubeObject, options: PodActionOptions): ActionResult {
  const pod = resetPod(input);
  return keep(options.podMutator ? options.podMutator(pod, options.sourceNamespace) : pod);
}
