/** Relatives: pod → PVCs and PriorityClass, PVC → PV, ServiceAccount → ClusterRoleBindings/ClusterRoles, CR → CRD. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedCatalog } from "../kube/test-catalog.ts";
import type { Unstructured } from "../kube/dynamic.ts";
import {
  bindingsOfServiceAccount,
  crdRefOf,
  hasRelatedItems,
  relatedItems,
  type RelatedLookups,
} from "./additional-items.ts";

const noBindings: RelatedLookups = { clusterRoleBindings: () => Promise.resolve([]) };
const gr = (name: string) => fixedCatalog.byGroupResource(name)!;

test("a pod pulls in its PVCs and its PriorityClass", async () => {
  const pod: Unstructured = {
    metadata: { namespace: "ns", name: "db-0" },
    spec: {
      priorityClassName: "high",
      volumes: [
        { name: "data", persistentVolumeClaim: { claimName: "data-db-0" } },
        { name: "tmp", emptyDir: {} },
      ],
    },
  };
  assert.deepEqual(await relatedItems(gr("pods"), pod, noBindings), [
    { groupResource: "persistentvolumeclaims", namespace: "ns", name: "data-db-0" },
    { groupResource: "priorityclasses.scheduling.k8s.io", name: "high" },
  ]);
});

test("a bound PVC pulls in its PV; an unbound one nothing", async () => {
  const res = fixedCatalog.byGroupResource("pods")!; // any resource object; the groupResource decides
  const pvcRes = { ...res, resource: "persistentvolumeclaims", groupResource: "persistentvolumeclaims" };
  assert.deepEqual(await relatedItems(pvcRes, { metadata: { name: "c" }, spec: { volumeName: "pv-9" } }, noBindings), [
    { groupResource: "persistentvolumes", name: "pv-9" },
  ]);
  assert.deepEqual(await relatedItems(pvcRes, { metadata: { name: "c" }, spec: {} }, noBindings), []);
});

test("a ServiceAccount pulls in the ClusterRoleBindings naming it, then their ClusterRoles", () => {
  const bindings: Unstructured[] = [
    {
      metadata: { name: "sa-admin" },
      roleRef: { kind: "ClusterRole", name: "admin" },
      subjects: [{ kind: "ServiceAccount", name: "runner", namespace: "ns" }],
    },
    {
      metadata: { name: "other-ns" },
      roleRef: { kind: "ClusterRole", name: "view" },
      subjects: [{ kind: "ServiceAccount", name: "runner", namespace: "elsewhere" }],
    },
    {
      metadata: { name: "a-user" },
      roleRef: { kind: "ClusterRole", name: "edit" },
      subjects: [{ kind: "User", name: "runner" }],
    },
  ];
  assert.deepEqual(bindingsOfServiceAccount(bindings, "ns", "runner"), [
    { groupResource: "clusterrolebindings.rbac.authorization.k8s.io", name: "sa-admin" },
    { groupResource: "clusterroles.rbac.authorization.k8s.io", name: "admin" },
  ]);
});

test("only pods, PVCs and ServiceAccounts have relatives; non-core resources look up their CRD", () => {
  assert.ok(hasRelatedItems(gr("pods")));
  assert.ok(!hasRelatedItems(gr("configmaps")));
  assert.deepEqual(crdRefOf(gr("crontabs.stable.example.com")), {
    groupResource: "customresourcedefinitions.apiextensions.k8s.io",
    name: "crontabs.stable.example.com",
    optional: true,
  });
  assert.equal(crdRefOf(gr("configmaps")), undefined);
  assert.equal(crdRefOf(gr("customresourcedefinitions.apiextensions.k8s.io")), undefined);
});
