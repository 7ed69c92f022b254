import { test } from "node:test";
import assert from "node:assert/strict";
import { lastAppliedAnnotation, serviceAction } from "./service.ts";

type Spec = {
  clusterIP?: string;
  clusterIPs?: string[];
  ports: { name?: string; nodePort?: number }[];
  healthCheckNodePort?: number;
};
const specOf = (obj: Record<string, unknown> | undefined): Spec => obj?.spec as Spec;

test("cluster IPs are released; a headless service stays headless", () => {
  const clusterIP = serviceAction(
    { spec: { type: "ClusterIP", clusterIP: "10.0.0.7", clusterIPs: ["10.0.0.7"], ports: [{ port: 80 }] } },
    { preserveNodePorts: false },
  );
  assert.equal(specOf(clusterIP.obj).clusterIP, undefined);
  assert.equal(specOf(clusterIP.obj).clusterIPs, undefined);
  const headless = serviceAction(
    { spec: { clusterIP: "None", clusterIPs: ["None"], ports: [{ port: 80 }] } },
    { preserveNodePorts: false },
  );
  assert.equal(specOf(headless.obj).clusterIP, "None");
  assert.deepEqual(specOf(headless.obj).clusterIPs, ["None"]);
});

test("node ports are released unless preserved", () => {
  const service = { spec: { type: "NodePort", ports: [{ name: "http", port: 80, nodePort: 30080 }] } };
  assert.equal(specOf(serviceAction(service, { preserveNodePorts: false }).obj).ports[0]!.nodePort, undefined);
  assert.equal(specOf(serviceAction(service, { preserveNodePorts: true }).obj).ports[0]!.nodePort, 30080);
});

test("node ports named in last-applied-configuration are kept, by port name or by value", () => {
  const applied = {
    spec: {
      ports: [
        { name: "http", port: 80, nodePort: 30080 },
        { port: 81, nodePort: 30081 },
      ],
    },
  };
  const service = {
    metadata: { annotations: { [lastAppliedAnnotation]: JSON.stringify(applied) } },
    spec: {
      type: "NodePort",
      ports: [
        { name: "http", port: 80, nodePort: 30080 },
        { name: "metrics", port: 9090, nodePort: 31999 },
        { port: 81, nodePort: 30081 },
      ],
    },
  };
  const ports = specOf(serviceAction(service, { preserveNodePorts: false }).obj).ports;
  assert.deepEqual(
    ports.map((p) => p.nodePort),
    [30080, undefined, 30081],
  );
});

test("node ports owned by a field manager (server-side apply) are kept", () => {
  const service = {
    metadata: {
      managedFields: [
        {
          manager: "kubectl",
          fieldsV1: { "f:spec": { "f:ports": { 'k:{"port":80,"protocol":"TCP"}': { "f:nodePort": {} } } } },
        },
      ],
    },
    spec: {
      type: "NodePort",
      ports: [
        { port: 80, protocol: "TCP", nodePort: 30080 },
        { port: 443, protocol: "TCP", nodePort: 30443 },
      ],
    },
  };
  const ports = specOf(serviceAction(service, { preserveNodePorts: false }).obj).ports;
  assert.deepEqual(
    ports.map((p) => p.nodePort),
    [30080, undefined],
  );
});

test("the health-check node port of a Local LoadBalancer is released unless preserved", () => {
  const service = {
    spec: { type: "LoadBalancer", externalTrafficPolicy: "Local", healthCheckNodePort: 32000, ports: [] },
  };
  assert.equal(specOf(serviceAction(service, { preserveNodePorts: false }).obj).healthCheckNodePort, undefined);
  assert.equal(specOf(serviceAction(service, { preserveNodePorts: true }).obj).healthCheckNodePort, 32000);
});

test("ExternalName services keep their ports as they are", () => {
  const service = {
    spec: { type: "ExternalName", externalName: "db.example.com", ports: [{ port: 5432, nodePort: 1 }] },
  };
  assert.equal(specOf(serviceAction(service, { preserveNodePorts: false }).obj).ports[0]!.nodePort, 1);
});
