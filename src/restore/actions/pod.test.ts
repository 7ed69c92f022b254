import { test } from "node:test";
import assert from "node:assert/strict";
import { podAction, resetPod } from "./pod.ts";

const pod = () => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-0", namespace: "shop" },
  spec: {
    nodeName: "node-1",
    priority: 1000,
    priorityClassName: "high",
    serviceAccountName: "web",
    volumes: [
      { name: "data", persistentVolumeClaim: { claimName: "data-web-0" } },
      { name: "kube-api-access-x7q2z", projected: { sources: [] } },
      { name: "web-token-abcde", secret: { secretName: "web-token-abcde" } },
      { name: "other-token-abcde", secret: { secretName: "other-token-abcde" } },
    ],
    initContainers: [
      {
        name: "init",
        volumeMounts: [
          { name: "data", mountPath: "/data" },
          { name: "kube-api-access-x7q2z", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" },
        ],
      },
    ],
    containers: [
      {
        name: "web",
        volumeMounts: [
          { name: "data", mountPath: "/data" },
          { name: "web-token-abcde", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" },
        ],
      },
    ],
    ephemeralContainers: [{ name: "debugger" }],
  },
});

test("the pod is rescheduled with a fresh token: nodeName, priority, token volumes and mounts go", () => {
  const out = resetPod(pod());
  const spec = out.spec as Record<string, unknown>;
  assert.equal(spec.nodeName, undefined);
  assert.equal(spec.priority, undefined);
  assert.equal(spec.priorityClassName, "high");
  assert.equal(spec.ephemeralContainers, undefined);
  assert.deepEqual(
    (spec.volumes as { name: string }[]).map((v) => v.name),
    ["data", "other-token-abcde"],
  );
  const mounts = (key: string) =>
    (spec[key] as { volumeMounts: { name: string }[] }[])[0]!.volumeMounts.map((m) => m.name);
  assert.deepEqual(mounts("containers"), ["data"]);
  assert.deepEqual(mounts("initContainers"), ["data"]);
});

test("the input is not changed", () => {
  const input = pod();
  resetPod(input);
  assert.equal(input.spec.nodeName, "node-1");
  assert.equal(input.spec.volumes.length, 4);
});

test("the pod mutator runs last and sees the source namespace", () => {
  let seen = "";
  const result = podAction(pod(), {
    sourceNamespace: "shop-old",
    podMutator: (p, ns) => {
      seen = ns;
      assert.equal((p.spec as Record<string, unknown>).nodeName, undefined, "mutator runs after the reset");
      return { ...p, marker: true };
    },
  });
  assert.equal(seen, "shop-old");
  assert.equal(result.obj?.marker, true);
});

test("without a service account name the default account's token volumes are removed", () => {
  const out = resetPod({
    spec: { volumes: [{ name: "default-token-1" }, { name: "data" }], containers: [] },
  });
  assert.deepEqual(out.spec, { volumes: [{ name: "data" }], containers: [] });
});
