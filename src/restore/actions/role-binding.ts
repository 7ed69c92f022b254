/**
 * RoleBinding and ClusterRoleBinding fix-ups (Velero's role-bindings and cluster-role-bindings
 * actions): subjects in a namespace the restore maps elsewhere follow it, so a binding for
 * ServiceAccount shop:web binds shop-copy:web when shop is restored as shop-copy.
 */
import { type KubeObject, clone, isRecord, list, str } from "../object.ts";
import { type ActionResult, keep } from "./types.ts";

export function bindingAction(input: KubeObject, namespaceMapping: Readonly<Record<string, string>>): ActionResult {
  const binding = clone(input);
  for (const subject of list(binding, "subjects")) {
    const namespace = str(subject, "namespace");
    const mapped = namespace === undefined ? undefined : namespaceMapping[namespace];
    if (isRecord(subject) && mapped) subject.namespace = mapped;
  }
  return keep(binding);
}
