/**
 * Job fix-ups (Velero's job action): a Job whose selector the API server generated carries
 * the old Job's uid in `controller-uid` / `batch.kubernetes.io/controller-uid`, both in
 * spec.selector.matchLabels and in the pod template's labels. They are removed so the server
 * generates them again for the new uid; otherwise the create is refused. A Job with
 * `spec.manualSelector: true` owns its selector and labels, and is left as it is.
 */
import { type KubeObject, at, clone } from "../object.ts";
import { type ActionResult, keep } from "./types.ts";

export const controllerUidLabels: readonly string[] = ["controller-uid", "batch.kubernetes.io/controller-uid"];

export function jobAction(input: KubeObject): ActionResult {
  const job = clone(input);
  if (at(job, "spec")?.manualSelector === true) return keep(job);
  for (const labels of [
    at(job, "spec", "selector", "matchLabels"),
    at(job, "spec", "template", "metadata", "labels"),
  ]) {
    if (labels) for (const key of controllerUidLabels) delete labels[key];
  }
  return keep(job);
}
