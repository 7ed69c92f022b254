/**
 * What a restore never creates, decided per item before anything is sent to the cluster:
 * resources that belong to the cluster and not the application (nodes, events, CSI node
 * bookkeeping, node leases), Lifeboat's and Velero's own resources (backups are synced in from
 * the bucket, restores are per cluster), finished Pods and Jobs (they would only run again),
 * mirror pods (the kubelet owns them) and objects a cluster controller writes itself.
 * Each rule answers the reason the item is skipped, or undefined when it is restored.
 */
import { type KubeObject, at, metadata, nameOf, str } from "./object.ts";

/** Resources never restored (Velero's `nonRestorableResources`, plus Lifeboat's own). */
export const neverRestoredResources: ReadonlySet<string> = new Set([
  "nodes",
  "events",
  "events.events.k8s.io",
  "csinodes.storage.k8s.io",
  "volumeattachments.storage.k8s.io",
  "componentstatuses",
  "tokenreviews.authentication.k8s.io",
  "selfsubjectreviews.authentication.k8s.io",
  "subjectaccessreviews.authorization.k8s.io",
  "selfsubjectaccessreviews.authorization.k8s.io",
  "selfsubjectrulesreviews.authorization.k8s.io",
  "localsubjectaccessreviews.authorization.k8s.io",
]);

/** API groups whose resources are never restored: the backup tools' own bookkeeping. */
const neverRestoredGroups = ["lifeboat.dev", "velero.io"];

/** Why a whole resource is never restored, or undefined. */
export function resourceSkipReason(groupResource: string): string | undefined {
  if (neverRestoredResources.has(groupResource)) return "this resource is never restored";
  const group = groupResource.includes(".") ? groupResource.slice(groupResource.indexOf(".") + 1) : "";
  if (neverRestoredGroups.includes(group)) return "backup tool resources are never restored";
  return undefined;
}

const mirrorPodAnnotation = "kubernetes.io/config.mirror";

/** Endpoints and EndpointSlices these controllers write are rewritten by them from the Services. */
const controllerManaged: Readonly<Record<string, { label: string; values: readonly string[] }>> = {
  endpoints: { label: "endpoints.kubernetes.io/managed-by", values: ["endpoint-controller"] },
  "endpointslices.discovery.k8s.io": {
    label: "endpointslice.kubernetes.io/managed-by",
    values: ["endpointslice-controller.k8s.io", "endpointslicemirroring-controller.k8s.io"],
  },
};

/**
 * Why one item is skipped although its resource is restored, or undefined. Reads the item as
 * it is in the backup (status included: a pod's phase and a job's completionTime live there).
 */
export function itemSkipReason(
  groupResource: string,
  sourceNamespace: string | undefined,
  obj: KubeObject,
): string | undefined {
  switch (groupResource) {
    case "pods":
      return podSkipReason(obj);
    case "jobs.batch":
      return str(at(obj, "status"), "completionTime") ? "the job has completed" : undefined;
    case "leases.coordination.k8s.io":
      return sourceNamespace === "kube-node-lease" ? "node heartbeats are never restored" : undefined;
    case "configmaps":
      // Published into every namespace by the root-ca-cert-publisher controller with the cluster's own CA.
      return nameOf(obj) === "kube-root-ca.crt" ? "kube-root-ca.crt is written by the cluster itself" : undefined;
    default:
      return controllerManagedReason(groupResource, obj);
  }
}

function controllerManagedReason(groupResource: string, obj: KubeObject): string | undefined {
  const managed = controllerManaged[groupResource];
  const by = managed && str(at(metadata(obj), "labels"), managed.label);
  return by && managed.values.includes(by) ? `written by the cluster's ${by} from the Services` : undefined;
}

function podSkipReason(obj: KubeObject): string | undefined {
  const phase = str(at(obj, "status"), "phase");
  if (phase === "Succeeded" || phase === "Failed") return `the pod has completed (phase ${phase})`;
  const annotations = at(metadata(obj), "annotations");
  if (str(annotations, mirrorPodAnnotation)) return "mirror pods belong to their node's kubelet";
  return undefined;
}
