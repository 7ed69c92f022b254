/**
 * A namespace full of the kinds users back up, for the end-to-end tests of backup and restore:
 * a Deployment, a StatefulSet with a volumeClaimTemplate, Services (ClusterIP, NodePort,
 * headless), ConfigMaps, Secrets, a ServiceAccount with a Role and RoleBinding, a CRD with two
 * custom resources, a completed Job, and a standalone PVC. Applied with the real kubectl.
 */
import type { TestCluster } from "../cluster/harness.ts";

/** Its own kind name: other e2e files define a Widget, and kubectl resolves a kind to one group only. */
export const gizmosCrd = "gizmos.e2e.lifeboat.dev";

export function crdManifest(): string {
  return `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${gizmosCrd}}
spec:
  group: e2e.lifeboat.dev
  scope: Namespaced
  names: {plural: gizmos, singular: gizmo, kind: Gizmo}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {size: {type: integer}, colour: {type: string}}}
`;
}

export function workloadManifest(ns: string): string {
  return `
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}, labels: {app: shop, tier: config}}
data: {mode: production, "retries": "3"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: unlabelled, namespace: ${ns}}
data: {x: "1"}
---
apiVersion: v1
kind: Secret
metadata: {name: db-password, namespace: ${ns}, labels: {app: db}}
type: Opaque
stringData: {password: s3cr3t}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: shop-sa, namespace: ${ns}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: ${ns}}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: shop-sa-reader, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: ServiceAccount, name: shop-sa, namespace: ${ns}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}, labels: {app: shop}}
spec:
  replicas: 1
  selector: {matchLabels: {app: shop, component: web}}
  template:
    metadata: {labels: {app: shop, component: web}}
    spec:
      serviceAccountName: shop-sa
      containers: [{name: web, image: registry.example/web:1.2.3, ports: [{containerPort: 8080}]}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ${ns}, labels: {app: db}}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: registry.example/db:16, volumeMounts: [{name: data, mountPath: /data}]}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}, labels: {app: shop}}
spec: {selector: {app: shop, component: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-nodeport, namespace: ${ns}}
spec: {type: NodePort, selector: {app: shop, component: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: ${ns}, labels: {app: db}}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: scratch, namespace: ${ns}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: ${ns}}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: migrate, image: registry.example/migrate:1}]
---
apiVersion: e2e.lifeboat.dev/v1
kind: Gizmo
metadata: {name: small, namespace: ${ns}, labels: {app: shop}}
spec: {size: 1, colour: red}
---
apiVersion: e2e.lifeboat.dev/v1
kind: Gizmo
metadata: {name: large, namespace: ${ns}}
spec: {size: 10, colour: blue}
`;
}

/** Applies a manifest with the real kubectl (stdin). */
export async function apply(cluster: TestCluster, manifest: string): Promise<void> {
  const { writeFile, mkdtemp } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const dir = await mkdtemp(path.join(tmpdir(), "lifeboat-manifest-"));
  const file = path.join(dir, "manifest.yaml");
  await writeFile(file, manifest);
  await cluster.kubectl(["apply", "-f", file]);
}

/** Creates the workload and waits until its pods run, its PVCs are bound and the Job is complete. */
export async function createWorkload(cluster: TestCluster, ns: string): Promise<void> {
  await apply(cluster, crdManifest());
  await cluster.kubectl(["wait", "--for=condition=Established", `crd/${gizmosCrd}`, "--timeout=60s"]);
  await cluster.kubectl(["create", "namespace", ns]);
  await apply(cluster, workloadManifest(ns));
  await cluster.kubectl(["-n", ns, "rollout", "status", "statefulset/db", "--timeout=120s"]);
  await cluster.kubectl(["-n", ns, "rollout", "status", "deployment/web", "--timeout=120s"]);
  await cluster.kubectl(["-n", ns, "wait", "--for=condition=complete", "job/migrate", "--timeout=120s"]);
  await cluster.kubectl(["-n", ns, "wait", "--for=jsonpath={.status.phase}=Bound", "pvc/data-db-0", "--timeout=120s"]);
}

/** Deletes a namespace and waits until it is gone. */
export async function deleteNamespace(cluster: TestCluster, ns: string): Promise<void> {
  await cluster.kubectl(["delete", "namespace", ns, "--wait=true", "--timeout=180s"]);
}
