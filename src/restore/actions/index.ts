/**
 * Runs the item actions that apply to one item's resource. Each resource has at most one
 * action; items of other resources pass unchanged. The context carries what the actions need
 * from the request and what the engine decided about the cluster beforehand.
 */
import type { KubeObject } from "../object.ts";
import { jobAction } from "./job.ts";
import { persistentVolumeAction, volumeSkipReason } from "./persistent-volume.ts";
import { persistentVolumeClaimAction } from "./persistent-volume-claim.ts";
import { podAction } from "./pod.ts";
import { bindingAction } from "./role-binding.ts";
import { secretAction } from "./secret.ts";
import { serviceAccountAction } from "./service-account.ts";
import { serviceAction } from "./service.ts";
import { type ActionResult, keep, skip } from "./types.ts";

export type { ActionResult } from "./types.ts";

export interface ActionContext {
  /** the item's namespace in the backup ("" for cluster-scoped items) */
  sourceNamespace: string;
  namespaceMapping: Readonly<Record<string, string>>;
  preserveNodePorts: boolean;
  restorePVs: boolean;
  fsRestoredClaims: ReadonlySet<string>;
  podMutator?: ((pod: Record<string, unknown>, sourceNamespace: string) => Record<string, unknown>) | undefined;
  /** PVCs only: whether the claim's volume is there to bind to (decided by the engine) */
  keepVolumeName?: boolean;
}

export function runActions(groupResource: string, obj: KubeObject, ctx: ActionContext): ActionResult {
  switch (groupResource) {
    case "pods":
      return podAction(obj, { sourceNamespace: ctx.sourceNamespace, podMutator: ctx.podMutator });
    case "services":
      return serviceAction(obj, { preserveNodePorts: ctx.preserveNodePorts });
    case "jobs.batch":
      return jobAction(obj);
    case "serviceaccounts":
      return serviceAccountAction(obj);
    case "secrets":
      return secretAction(obj);
    case "persistentvolumeclaims":
      return persistentVolumeClaimAction(obj, { keepVolumeName: ctx.keepVolumeName ?? false });
    case "persistentvolumes": {
      const reason = volumeSkipReason(obj, ctx);
      return reason ? skip(reason) : persistentVolumeAction(obj, ctx);
    }
    case "rolebindings.rbac.authorization.k8s.io":
    case "clusterrolebindings.rbac.authorization.k8s.io":
      return bindingAction(obj, ctx.namespaceMapping);
    default:
      return keep(obj);
  }
}
