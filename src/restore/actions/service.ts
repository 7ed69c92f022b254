/**
 * Service fix-ups (Velero's service action): the cluster allocates new cluster IPs, except for
 * headless services (clusterIP "None" stays, it is what makes them headless). Node ports are
 * released for reallocation too, unless the restore preserves them or the user chose the port
 * explicitly: named in the `kubectl.kubernetes.io/last-applied-configuration` annotation, or
 * owned by a field manager in managedFields (server-side apply). A health-check node port of a
 * LoadBalancer service with externalTrafficPolicy Local follows the same rule. Must run before
 * managedFields are stripped, because it reads them.
 */
import { type KubeObject, at, child, clone, isRecord, list, metadata, str } from "../object.ts";
import { type ActionResult, keep } from "./types.ts";

export const lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

export interface ServiceActionOptions {
  preserveNodePorts: boolean;
}

interface ExplicitPorts {
  /** names of ports whose nodePort was set explicitly */
  named: Set<string>;
  /** nodePort values set explicitly on unnamed ports */
  unnamed: Set<number>;
  /** managedFields keys `k:{"port":80,"protocol":"TCP"}` of ports with f:nodePort */
  managedKeys: Set<string>;
  healthCheckNodePort: boolean;
}

function lastApplied(service: KubeObject): Record<string, unknown> | undefined {
  const text = str(at(metadata(service), "annotations"), lastAppliedAnnotation);
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function explicitPorts(service: KubeObject): ExplicitPorts {
  const out: ExplicitPorts = {
    named: new Set(),
    unnamed: new Set(),
    managedKeys: new Set(),
    healthCheckNodePort: false,
  };
  const applied = lastApplied(service);
  for (const port of list(at(applied, "spec"), "ports")) {
    const nodePort = Number(isRecord(port) ? port.nodePort : 0);
    if (!isRecord(port) || !(nodePort > 0)) continue;
    const name = str(port, "name");
    if (name) out.named.add(name);
    else out.unnamed.add(nodePort);
  }
  if (Number(at(applied, "spec")?.healthCheckNodePort ?? 0) > 0) out.healthCheckNodePort = true;
  for (const entry of list(metadata(service), "managedFields")) {
    const fieldsSpec = at(entry, "fieldsV1", "f:spec");
    for (const [key, port] of Object.entries(child(fieldsSpec, "f:ports") ?? {})) {
      if (isRecord(port) && "f:nodePort" in port) out.managedKeys.add(key);
    }
    if (fieldsSpec && "f:healthCheckNodePort" in fieldsSpec) out.healthCheckNodePort = true;
  }
  return out;
}

function portKey(port: Record<string, unknown>): string {
  return `k:{"port":${Number(port.port)},"protocol":"${str(port, "protocol") ?? "TCP"}"}`;
}

function keepsNodePort(port: Record<string, unknown>, explicit: ExplicitPorts, fromLastApplied: boolean): boolean {
  if (fromLastApplied) {
    const name = str(port, "name");
    return name ? explicit.named.has(name) : explicit.unnamed.has(Number(port.nodePort));
  }
  return explicit.managedKeys.has(portKey(port));
}

function releaseNodePorts(service: KubeObject, spec: Record<string, unknown>): void {
  if (str(spec, "type") === "ExternalName") return;
  const explicit = explicitPorts(service);
  const fromLastApplied = lastApplied(service) !== undefined;
  for (const port of list(spec, "ports")) {
    if (isRecord(port) && !keepsNodePort(port, explicit, fromLastApplied)) delete port.nodePort;
  }
  const localLoadBalancer = str(spec, "type") === "LoadBalancer" && str(spec, "externalTrafficPolicy") === "Local";
  if (localLoadBalancer && !explicit.healthCheckNodePort) delete spec.healthCheckNodePort;
}

export function serviceAction(input: KubeObject, options: ServiceActionOptions): ActionResult {
  const service = clone(input);
  const spec = child(service, "spec");
  if (!spec) return keep(service);
  if (str(spec, "clusterIP") !== "None") {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  if (!options.preserveNodePorts) releaseNodePorts(service, spec);
  return keep(service);
}
