import { test } from "node:test";
import assert from "node:assert/strict";
import type { V1Pod } from "@kubernetes/client-node";
import { desiredStatus, runsToCompletion, statusFingerprint } from "./pod-status.ts";
import { microTime } from "./node-registration.ts";

const pod: V1Pod = {
  metadata: { name: "p", namespace: "n", uid: "u-1" },
  spec: {
    initContainers: [{ name: "wait", image: "i" }],
    containers: [{ name: "app", image: "a" }],
  },
};
const at = new Date("2026-01-02T03:04:05Z");

test("a pod waiting in its first init container is Pending and not Initialized", () => {
  const status = desiredStatus(
    pod,
    { kind: "initializing", completedInit: 0, reason: "PodInitializing" },
    "192.0.2.2",
    at,
  );
  assert.equal(status.phase, "Pending");
  assert.equal(status.conditions?.find((c) => c.type === "Initialized")?.status, "False");
  assert.ok(status.initContainerStatuses?.[0]?.state?.running);
  assert.equal(status.containerStatuses?.[0]?.state?.waiting?.reason, "PodInitializing");
});

test("a running pod is Ready with its init containers terminated", () => {
  const status = desiredStatus(pod, { kind: "running" }, "192.0.2.2", at);
  assert.equal(status.phase, "Running");
  assert.equal(status.conditions?.find((c) => c.type === "Ready")?.status, "True");
  assert.equal(status.initContainerStatuses?.[0]?.state?.terminated?.exitCode, 0);
  assert.ok(status.containerStatuses?.[0]?.state?.running);
  assert.equal(status.podIP, "192.0.2.2");
});

test("the fingerprint changes with the phase and not with timestamps", () => {
  const running = desiredStatus(pod, { kind: "running" }, "192.0.2.2", at);
  const later = desiredStatus(pod, { kind: "running" }, "192.0.2.2", new Date(at.getTime() + 5000));
  const done = desiredStatus(pod, { kind: "succeeded" }, "192.0.2.2", at);
  assert.equal(statusFingerprint(running), statusFingerprint(later));
  assert.notEqual(statusFingerprint(running), statusFingerprint(done));
});

test("only Job pods (or pods annotated to complete) run to completion", () => {
  assert.equal(runsToCompletion(pod), false);
  const jobPod = {
    ...pod,
    metadata: {
      ...pod.metadata,
      ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "j", uid: "x" }],
    },
  };
  assert.equal(runsToCompletion(jobPod), true);
});

test("lease times carry six fractional digits as the API server requires", () => {
  assert.equal(microTime(new Date("2026-11-25T15:24:22.040Z")), "2026-11-25T15:24:22.040000Z");
});

test("the QoS class the API server gave the pod is kept (it is immutable)", () => {
  const burstable: V1Pod = { ...pod, status: { qosClass: "Burstable" } };
  assert.equal(desiredStatus(burstable, { kind: "running" }, "192.0.2.2", at).qosClass, "Burstable");
  assert.equal(desiredStatus(pod, { kind: "running" }, "192.0.2.2", at).qosClass, "BestEffort");
});
